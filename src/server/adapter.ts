import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config';
import { FailClosedAuthentication } from './authentication';
import { channelTokenValidator } from './tokenValidation';

/** What the messages route needs from an adapter: run one authenticated activity through the bot. */
export interface ActivityProcessor {
  handleActivity(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined>;
}

/**
 * CloudAdapter with its activity processing exposed, so the route can validate the body first and
 * shape error responses itself (CloudAdapter.process puts error messages into 500 bodies).
 */
export class BotAdapter extends CloudAdapter implements ActivityProcessor {
  handleActivity(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** How inbound tokens are checked and outbound calls bounded; the defaults are the public cloud's. */
export interface AuthenticationOptions {
  /** OpenID metadata whose jwks_uri holds the channel's signing keys (a loopback server in tests). */
  openIdMetadataUrl?: string;
  /** Each key fetch is abandoned after this long (default 5000 ms). */
  keyFetchTimeoutMs?: number;
  /** The longest a request waits for signing keys before its 401 (default 500 ms). */
  maxKeyWaitMs?: number;
  /** Every HTTP call to the Bot Connector is abandoned after this long (default 5000 ms). */
  connectorTimeoutMs?: number;
}

export function createAdapter(config: Config, options: AuthenticationOptions = {}): BotAdapter {
  const inner = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.microsoftAppId,
    MicrosoftAppPassword: config.microsoftAppPassword,
    MicrosoftAppType: config.microsoftAppType,
    MicrosoftAppTenantId: config.microsoftAppTenantId,
  });
  const validator = config.localMode ? undefined : channelTokenValidator(config.microsoftAppId, options);
  return new BotAdapter(new FailClosedAuthentication(inner, validator, options.connectorTimeoutMs ?? 5000));
}
