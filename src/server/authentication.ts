import { type Activity, CallerIdConstants } from 'botbuilder';
import {
  type AuthenticateRequestResult,
  AuthenticationConstants,
  AuthenticationError,
  BotFrameworkAuthentication,
  type BotFrameworkClient,
  ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { ReusedClients } from './connectorClients';
import { LazyUserTokenClient } from './lazyUserTokenClient';
import { type ChannelTokenValidator, isTokenRejected } from './tokenValidation';

/**
 * botbuilder's authentication with the inbound check replaced: tokens are validated by our
 * ChannelTokenValidator (bounded time, shared key fetches, every failure a 401); outbound
 * connector calls get a timeout, incoming turns reuse their connector clients, and the user token
 * client is made only if asked for. Everything else (credentials for replies, the clients
 * themselves) is botbuilder's own. In local mode (no validator) it is botbuilder's anonymous
 * authentication.
 */
export class FailClosedAuthentication extends BotFrameworkAuthentication {
  private readonly clients = new ReusedClients<ConnectorClient>();

  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly validator: ChannelTokenValidator | undefined,
    private readonly connectorTimeoutMs: number,
  ) {
    super();
  }

  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    if (!this.validator) {
      const result = await this.inner.authenticateRequest(activity, authHeader);
      const factory = result.connectorFactory;
      return {
        ...result,
        connectorFactory: factory ? this.reused(this.withTimeout(factory), result.claimsIdentity) : undefined,
      };
    }
    const claimsIdentity = await this.identity(authHeader, activity.channelId, activity.serviceUrl);
    return {
      audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
      callerId: CallerIdConstants.PublicAzureChannel,
      claimsIdentity,
      connectorFactory: this.reused(this.createConnectorFactory(claimsIdentity), claimsIdentity),
    };
  }

  override async authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    if (!this.validator) return this.inner.authenticateChannelRequest(authHeader);
    return this.identity(authHeader, undefined, undefined);
  }

  override authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    // The service takes activities over HTTP only; no named pipes or web sockets.
    return Promise.reject(new AuthenticationError('streaming is not supported', 401));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.withTimeout(this.inner.createConnectorFactory(claimsIdentity));
  }

  override async createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return new LazyUserTokenClient(() => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return AuthenticationConstants.ToChannelFromBotOAuthScope;
  }

  private async identity(
    authHeader: string,
    channelId: string | undefined,
    serviceUrl: string | undefined,
  ): Promise<ClaimsIdentity> {
    try {
      const claims = await this.validator!.validate(authHeader, { channelId, serviceUrl });
      return new ClaimsIdentity(
        Object.entries(claims).map(([type, value]) => ({ type, value: value as string })),
        true,
      );
    } catch (err) {
      const reason = isTokenRejected(err) ? err.reason : 'unverifiable token';
      throw new AuthenticationError(reason, 401);
    }
  }

  private withTimeout(factory: ConnectorFactory): ConnectorFactory {
    return new TimeoutConnectorFactory(factory, this.connectorTimeoutMs);
  }

  /**
   * Clients for incoming turns are reused (connectorClients.ts). Only theirs: proactive sends, which
   * come through createConnectorFactory, change their client's pipeline for the one call. botbuilder
   * makes clients with the credentials of the app id the token was issued to, so it is in the key.
   */
  private reused(factory: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const appId = claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? '';
    return {
      create: (serviceUrl: string, audience?: string) =>
        this.clients.get(`${appId}\n${serviceUrl}\n${audience ?? ''}`, () =>
          factory.create(serviceUrl, audience),
        ),
    };
  }
}

/**
 * Connector clients whose every HTTP call is abandoned after `timeoutMs` (botbuilder sets none,
 * so a connector that never answers would hold the turn for ever). botbuilder builds the client's
 * pipeline itself and offers no option for this, so a policy is added to the pipeline it built.
 */
class TimeoutConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const client = await this.inner.create(serviceUrl, audience);
    const pipeline = (client as unknown as { client?: { pipeline?: PipelineLike } }).client?.pipeline;
    if (!pipeline || typeof pipeline.addPolicy !== 'function')
      throw new Error('botbuilder connector client has no pipeline to add the timeout to');
    const timeoutMs = this.timeoutMs;
    pipeline.addPolicy({
      name: 'connectorTimeout',
      sendRequest: (request, next) => {
        if (!(request.timeout > 0) || request.timeout > timeoutMs) request.timeout = timeoutMs;
        return next(request);
      },
    });
    return client;
  }
}

/** The part of botbuilder's connector client HTTP pipeline (@azure/core-rest-pipeline) we add to. */
export interface PipelineLike {
  addPolicy(policy: {
    name: string;
    sendRequest(
      request: { timeout: number },
      next: (request: { timeout: number }) => Promise<unknown>,
    ): Promise<unknown>;
  }): void;
}
