import type { SendFailureReason } from '../routing/proactive';

export type { SendFailureReason };

/** What one failed attempt means for the next. */
export interface AttemptFailure {
  reason: SendFailureReason;
  /** The HTTP status, when an answer came. */
  status?: number;
  retryable: boolean;
  /** How long the connector asked us to wait (Retry-After), already capped. */
  retryAfterMs?: number;
  /** For reason "error" only: the fault itself, to be logged in full. */
  cause?: unknown;
}

/** Thrown (internally) when an attempt outlives its time limit. */
export class AttemptTimeoutError extends Error {
  override readonly name = 'AttemptTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`no answer from the Bot Connector within ${timeoutMs} ms`);
  }
}

/**
 * Retry-After as seconds or as an HTTP date, in milliseconds from `now`, at most `capMs`;
 * undefined when absent or unreadable (the caller then backs off as for a 5xx).
 */
export function parseRetryAfter(value: string | undefined, now: number, capMs: number): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.min(capMs, Math.round(Number(trimmed) * 1000));
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.min(capMs, Math.max(0, at - now));
}

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so many senders
 * that failed together do not come back together, and none retries at once.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const step = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + (step / 2) * random());
}

/** The status, Retry-After and error code of what the Bot Connector client threw. */
interface ErrorShape {
  name?: string;
  code?: string;
  statusCode?: number;
  response?: { status?: number; headers?: unknown };
}

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const get = (headers as { get?: unknown }).get;
  if (typeof get === 'function') return (get.call(headers, name) as string | undefined) ?? undefined;
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return typeof entry?.[1] === 'string' ? entry[1] : undefined;
}

/** Reads an error from one attempt: final or worth another try, and after how long. */
export function classifyFailure(err: unknown, now: number, retryAfterCapMs: number): AttemptFailure {
  const shape = (err ?? {}) as ErrorShape;
  if (err instanceof AttemptTimeoutError || shape.name === 'AbortError')
    return { reason: 'timeout', retryable: true };
  const status = shape.statusCode ?? shape.response?.status;
  if (typeof status !== 'number' || status === 0) {
    // The HTTP client's RestError without a status is a connection that failed before any answer.
    return shape.name === 'RestError'
      ? { reason: 'network-error', retryable: true }
      : { reason: 'error', retryable: false, cause: err };
  }
  const retryAfterMs = parseRetryAfter(header(shape.response?.headers, 'retry-after'), now, retryAfterCapMs);
  if (status === 429) return { reason: 'throttled', status, retryable: true, retryAfterMs };
  // Teams answers 412 while a conversation is busy with another update: worth another try.
  if (status === 412) return { reason: 'busy', status, retryable: true, retryAfterMs };
  if (status >= 500) return { reason: 'server-error', status, retryable: true, retryAfterMs };
  if (status === 404) return { reason: 'conversation-gone', status, retryable: false };
  if (status === 403) return { reason: 'forbidden', status, retryable: false };
  return { reason: 'rejected', status, retryable: false };
}
