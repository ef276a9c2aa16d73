import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, type KeyLike, SignJWT } from 'jose';

/** How the key server answers: normally, never (holds the connection), or with an error status. */
export type KeyServerMode = 'ok' | 'hang' | 'error';

/**
 * A stand-in for login.botframework.com on loopback: an OpenID metadata document whose jwks_uri
 * points at its own key set, with one RSA key endorsed for msteams. Signs tokens with that key.
 */
export class KeyServer {
  mode: KeyServerMode = 'ok';
  /** Requests seen per path, to prove key fetches are shared and failures remembered. */
  readonly hits = new Map<string, number>();
  readonly kid = 'test-key-1';
  url = '';
  private server: Server | undefined;
  private privateKey: KeyLike | undefined;
  private jwks: Record<string, unknown> = {};
  private readonly hanging = new Set<ServerResponse>();

  get metadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  async start(): Promise<this> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    this.privateKey = privateKey;
    this.jwks = {
      keys: [
        { ...(await exportJWK(publicKey)), kid: this.kid, use: 'sig', endorsements: ['msteams', 'emulator'] },
      ],
    };
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A token as the Bot Framework would sign it; `claims` and `header` override the defaults. */
  sign(
    claims: JWTPayload,
    options: { key?: KeyLike | Uint8Array; alg?: string; kid?: string; expiresIn?: string | number } = {},
  ): Promise<string> {
    const jwt = new SignJWT({ ...claims })
      .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? this.kid, typ: 'JWT' })
      .setIssuedAt();
    if (options.expiresIn !== undefined) jwt.setExpirationTime(options.expiresIn);
    else if (claims.exp === undefined) jwt.setExpirationTime('1h');
    return jwt.sign(options.key ?? this.privateKey!);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '';
    this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
    if (this.mode === 'hang') {
      this.hanging.add(res);
      return;
    }
    if (this.mode === 'error') {
      res.statusCode = 503;
      res.end();
      return;
    }
    const body =
      path === '/v1/.well-known/openidconfiguration'
        ? { issuer: 'https://api.botframework.com', jwks_uri: `${this.url}/v1/keys` }
        : path === '/v1/keys'
          ? this.jwks
          : undefined;
    res.statusCode = body ? 200 : 404;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(body ?? {}));
  }
}
