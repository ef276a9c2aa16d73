/**
 * The Bot Framework's signing keys, read from its OpenID metadata document (whose `jwks_uri` names
 * the key set). Unlike botframework-connector's own cache, every fetch has a timeout, one fetch at
 * a time is shared by all requests waiting for it, and a failure is remembered briefly so a burst
 * of requests during an outage does not become a burst of fetches.
 */

/** One key of the set as the Bot Framework publishes it (`endorsements` name the channels it signs for). */
export interface SigningJwk {
  kty: string;
  kid?: string;
  endorsements?: unknown;
  [field: string]: unknown;
}

export interface SigningKeysOptions {
  /** The OpenID metadata document, e.g. https://login.botframework.com/v1/.well-known/openidconfiguration. */
  metadataUrl: string;
  /** Each HTTP call (metadata, then key set) is abandoned after this long. Default 5000. */
  fetchTimeoutMs?: number;
  /** After a failed fetch, requests are refused without fetching again for this long. Default 10000. */
  failureTtlMs?: number;
  /** Keys older than this are refreshed in the background while still in use. Default 24 hours. */
  refreshAfterMs?: number;
  /** A token naming a key not in the set fetches the set again at most this often. Default 5 minutes. */
  unknownKeyCooldownMs?: number;
  /** Documents larger than this are refused. Default 512 KiB. */
  maxDocumentBytes?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Why no key could be had; the validator turns it into a 401. */
export class SigningKeysUnavailableError extends Error {
  override readonly name = 'SigningKeysUnavailableError';
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`signing keys unavailable: ${reason}`, options);
  }
}

const MAX_KEYS = 100;

export class SigningKeys {
  private readonly metadataUrl: URL;
  private readonly fetchTimeoutMs: number;
  private readonly failureTtlMs: number;
  private readonly refreshAfterMs: number;
  private readonly unknownKeyCooldownMs: number;
  private readonly maxDocumentBytes: number;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;

  private keys: Map<string, SigningJwk> | undefined;
  private fetchedAt = 0;
  private failedAt = -Infinity;
  private lastFailure: SigningKeysUnavailableError | undefined;
  private inFlight: Promise<Map<string, SigningJwk>> | undefined;
  /** How many fetches were started; tests read it to prove fetches are shared. */
  fetchCount = 0;

  constructor(options: SigningKeysOptions) {
    this.metadataUrl = new URL(options.metadataUrl);
    this.fetchTimeoutMs = options.fetchTimeoutMs ?? 5000;
    this.failureTtlMs = options.failureTtlMs ?? 10_000;
    this.refreshAfterMs = options.refreshAfterMs ?? 24 * 3600_000;
    this.unknownKeyCooldownMs = options.unknownKeyCooldownMs ?? 5 * 60_000;
    this.maxDocumentBytes = options.maxDocumentBytes ?? 512 * 1024;
    this.fetchImpl = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
  }

  /**
   * The key with this id, or undefined when the set (fresh, or fetched again) does not hold it.
   * Rejects with SigningKeysUnavailableError when the set cannot be had. Callers bound their own
   * wait: the shared fetch keeps going for later requests.
   */
  async get(kid: string): Promise<SigningJwk | undefined> {
    const now = this.now();
    if (this.keys) {
      if (now - this.fetchedAt > this.refreshAfterMs) this.refresh().catch(() => undefined);
      const key = this.keys.get(kid);
      if (key) return key;
      // An unknown key may be a rotation: look again, but not on every forged token.
      if (now - this.fetchedAt < this.unknownKeyCooldownMs) return undefined;
    }
    return (await this.refresh()).get(kid);
  }

  /** Starts a fetch unless one is running or one failed moments ago; all callers share it. */
  private refresh(): Promise<Map<string, SigningJwk>> {
    if (this.inFlight) return this.inFlight;
    if (this.lastFailure && this.now() - this.failedAt < this.failureTtlMs)
      return Promise.reject(this.lastFailure);
    this.fetchCount += 1;
    this.inFlight = this.fetchKeys().then(
      (keys) => {
        this.keys = keys;
        this.fetchedAt = this.now();
        this.lastFailure = undefined;
        this.inFlight = undefined;
        return keys;
      },
      (err: unknown) => {
        this.failedAt = this.now();
        this.lastFailure =
          err instanceof SigningKeysUnavailableError
            ? err
            : new SigningKeysUnavailableError('fetch failed', { cause: err });
        this.inFlight = undefined;
        throw this.lastFailure;
      },
    );
    return this.inFlight;
  }

  private async fetchKeys(): Promise<Map<string, SigningJwk>> {
    const metadata = await this.getJson(this.metadataUrl);
    const jwksUri = (metadata as { jwks_uri?: unknown }).jwks_uri;
    if (typeof jwksUri !== 'string') throw new SigningKeysUnavailableError('metadata has no jwks_uri');
    let jwksUrl: URL;
    try {
      jwksUrl = new URL(jwksUri);
    } catch {
      throw new SigningKeysUnavailableError('jwks_uri is not a URL');
    }
    // Plain http only when the metadata itself was configured on http (a test server on loopback).
    if (jwksUrl.protocol !== 'https:' && jwksUrl.protocol !== this.metadataUrl.protocol)
      throw new SigningKeysUnavailableError('jwks_uri is not https');
    const jwks = (await this.getJson(jwksUrl)) as { keys?: unknown };
    if (!Array.isArray(jwks.keys)) throw new SigningKeysUnavailableError('key set has no keys');
    const keys = new Map<string, SigningJwk>();
    for (const key of jwks.keys.slice(0, MAX_KEYS)) {
      if (typeof key !== 'object' || key === null) continue;
      const jwk = key as SigningJwk;
      if (typeof jwk.kid === 'string' && jwk.kty === 'RSA') keys.set(jwk.kid, jwk);
    }
    if (keys.size === 0) throw new SigningKeysUnavailableError('key set has no RSA keys');
    return keys;
  }

  private async getJson(url: URL): Promise<unknown> {
    const signal = AbortSignal.timeout(this.fetchTimeoutMs);
    let res: Response;
    try {
      res = await this.fetchImpl(url, { signal, redirect: 'error', headers: { accept: 'application/json' } });
    } catch (err) {
      throw new SigningKeysUnavailableError(signal.aborted ? 'timed out' : 'unreachable', { cause: err });
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new SigningKeysUnavailableError(`HTTP ${res.status}`);
    }
    try {
      const text = await readLimited(res, this.maxDocumentBytes);
      return JSON.parse(text) as unknown;
    } catch (err) {
      if (err instanceof SigningKeysUnavailableError) throw err;
      throw new SigningKeysUnavailableError(signal.aborted ? 'timed out' : 'not JSON', { cause: err });
    }
  }
}

async function readLimited(res: Response, maxBytes: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new SigningKeysUnavailableError('document too large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
