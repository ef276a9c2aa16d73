import { decodeJwt, decodeProtectedHeader, importJWK, type JWTPayload, jwtVerify, type KeyLike } from 'jose';
import { type SigningJwk, SigningKeys, SigningKeysUnavailableError } from './signingKeys';

/**
 * Validates the bearer token the Bot Framework channel service (Teams) sends with every activity,
 * the checks botframework-connector makes for a channel token, in bounded time: issuer
 * https://api.botframework.com, audience the bot's app id, an RS256/384/512 signature by a key from
 * the OpenID metadata's key set that endorses the activity's channel, not expired (5 minutes'
 * leeway), and a `serviceurl` claim equal to the activity's serviceUrl. Skill and Emulator tokens
 * are not accepted: Teams sends neither.
 */

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';
export const BOT_FRAMEWORK_OPENID_METADATA_URL =
  'https://login.botframework.com/v1/.well-known/openidconfiguration';
const ALGORITHMS = ['RS256', 'RS384', 'RS512'];
const MAX_TOKEN_LENGTH = 16 * 1024;

const REJECTION_REASONS = [
  'no token',
  'malformed token',
  'algorithm not allowed',
  'wrong issuer',
  'wrong audience',
  'expired',
  'serviceUrl mismatch',
  'unknown key',
  'key not endorsed for channel',
  'bad signature',
  'signing keys unavailable',
  'signing keys too slow',
] as const;
/** Why a token was refused: a fixed vocabulary, safe to log. */
export type RejectionReason = (typeof REJECTION_REASONS)[number];
export const isRejectionReason = (s: string): s is RejectionReason =>
  (REJECTION_REASONS as readonly string[]).includes(s);

export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
  constructor(readonly reason: RejectionReason) {
    super(`token rejected: ${reason}`);
  }
}

export const isTokenRejected = (e: unknown): e is TokenRejectedError => e instanceof TokenRejectedError;

export interface TokenValidatorOptions {
  appId: string;
  keys: Pick<SigningKeys, 'get'>;
  issuer?: string;
  /** The longest one request waits for the signing keys; the shared fetch may go on. Default 500. */
  maxKeyWaitMs?: number;
  clockToleranceSeconds?: number;
  now?: () => number;
}

export interface TokenContext {
  channelId?: string;
  /** When given, the token's `serviceurl` claim must equal it. */
  serviceUrl?: string;
}

export class ChannelTokenValidator {
  private readonly issuer: string;
  private readonly maxKeyWaitMs: number;
  private readonly clockTolerance: number;
  private readonly now: () => number;
  private readonly imported = new Map<string, KeyLike | Uint8Array>();

  constructor(private readonly options: TokenValidatorOptions) {
    this.issuer = options.issuer ?? BOT_FRAMEWORK_ISSUER;
    this.maxKeyWaitMs = options.maxKeyWaitMs ?? 500;
    this.clockTolerance = options.clockToleranceSeconds ?? 300;
    this.now = options.now ?? Date.now;
  }

  /** The token's claims, or TokenRejectedError; never anything else. */
  async validate(authHeader: string, context: TokenContext = {}): Promise<JWTPayload> {
    const token = bearerToken(authHeader);
    // Everything that needs no key is checked first, so forged tokens cost no fetch.
    let header: ReturnType<typeof decodeProtectedHeader>;
    let claims: JWTPayload;
    try {
      header = decodeProtectedHeader(token);
      claims = decodeJwt(token);
    } catch {
      throw new TokenRejectedError('malformed token');
    }
    if (typeof header.alg !== 'string' || !ALGORITHMS.includes(header.alg))
      throw new TokenRejectedError('algorithm not allowed');
    if (typeof header.kid !== 'string' || header.kid === '') throw new TokenRejectedError('malformed token');
    this.checkClaims(claims, context);

    const jwk = await this.keyFor(header.kid);
    const endorsements = jwk.endorsements;
    if (Array.isArray(endorsements) && endorsements.length > 0 && context.channelId?.trim())
      if (!endorsements.includes(context.channelId))
        throw new TokenRejectedError('key not endorsed for channel');

    const key = await this.importKey(jwk, header.alg);
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: [header.alg],
        issuer: this.issuer,
        audience: this.options.appId,
        clockTolerance: this.clockTolerance,
        currentDate: new Date(this.now()),
        requiredClaims: ['exp'],
      });
      return payload;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') throw new TokenRejectedError('expired');
      throw new TokenRejectedError('bad signature');
    }
  }

  private checkClaims(claims: JWTPayload, context: TokenContext): void {
    if (claims.iss !== this.issuer) throw new TokenRejectedError('wrong issuer');
    // One audience, the app id: botbuilder reads `aud` as a single string, and a list that merely
    // holds the app id made it fail later with a 500 (Bot Framework tokens carry one).
    if (claims.aud !== this.options.appId) throw new TokenRejectedError('wrong audience');
    if (typeof claims.exp !== 'number') throw new TokenRejectedError('malformed token');
    if (claims.exp + this.clockTolerance < this.now() / 1000) throw new TokenRejectedError('expired');
    if (context.serviceUrl !== undefined && claims.serviceurl !== context.serviceUrl)
      throw new TokenRejectedError('serviceUrl mismatch');
  }

  /** The key, waiting at most maxKeyWaitMs for the (shared) fetch. */
  private async keyFor(kid: string): Promise<SigningJwk> {
    let timer: NodeJS.Timeout | undefined;
    const tooSlow = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TokenRejectedError('signing keys too slow')), this.maxKeyWaitMs);
    });
    try {
      const jwk = await Promise.race([this.options.keys.get(kid), tooSlow]);
      if (!jwk) throw new TokenRejectedError('unknown key');
      return jwk;
    } catch (err) {
      if (err instanceof TokenRejectedError) throw err;
      if (err instanceof SigningKeysUnavailableError)
        throw new TokenRejectedError('signing keys unavailable');
      throw new TokenRejectedError('signing keys unavailable');
    } finally {
      clearTimeout(timer);
    }
  }

  private async importKey(jwk: SigningJwk, alg: string): Promise<KeyLike | Uint8Array> {
    const cacheKey = `${jwk.kid}\u0000${alg}\u0000${String(jwk.n)}`;
    const cached = this.imported.get(cacheKey);
    if (cached) return cached;
    try {
      const { endorsements: _e, ...plain } = jwk;
      const key = await importJWK(plain, alg);
      if (this.imported.size > 200) this.imported.clear();
      this.imported.set(cacheKey, key);
      return key;
    } catch {
      throw new TokenRejectedError('unknown key');
    }
  }
}

function bearerToken(authHeader: string): string {
  const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authHeader.trim());
  if (!authHeader.trim()) throw new TokenRejectedError('no token');
  if (!match || match[1].length > MAX_TOKEN_LENGTH) throw new TokenRejectedError('malformed token');
  return match[1];
}

/** A validator against the Bot Framework's public keys, or the given metadata (tests, other clouds). */
export function channelTokenValidator(
  appId: string,
  options: {
    openIdMetadataUrl?: string;
    issuer?: string;
    keyFetchTimeoutMs?: number;
    maxKeyWaitMs?: number;
  } = {},
): ChannelTokenValidator {
  const keys = new SigningKeys({
    metadataUrl: options.openIdMetadataUrl ?? BOT_FRAMEWORK_OPENID_METADATA_URL,
    fetchTimeoutMs: options.keyFetchTimeoutMs,
  });
  return new ChannelTokenValidator({
    appId,
    keys,
    issuer: options.issuer,
    maxKeyWaitMs: options.maxKeyWaitMs,
  });
}
