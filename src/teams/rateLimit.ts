import type { TurnContext } from 'botbuilder';
import type { Logger } from '../log';
import { CORRELATION_ID_KEY } from '../server/messagesRoute';
import { composeRefusal } from './composeInvoke';

/**
 * A per-user limit on messages (and card actions): a token bucket per hashed user id, holding up
 * to `perMinute` and refilling at `perMinute` a minute, so a person can send a burst and then
 * keeps a steady pace. Memory is bounded: at most `maxUsers` buckets, the least recently seen
 * forgotten first (a forgotten user simply starts again with a full bucket). Each instance keeps
 * its own buckets; behind a load balancer the limit is per instance.
 */
export interface RateLimiterOptions {
  perMinute: number;
  maxUsers?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
  /** Whether the person was already told they are over the limit, since their last allowed message. */
  told: boolean;
}

export type RateDecision = 'allowed' | 'limited' | 'limited-again';

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly maxUsers: number;
  private readonly now: () => number;

  constructor(private readonly options: RateLimiterOptions) {
    this.perMs = options.perMinute / 60_000;
    this.maxUsers = options.maxUsers ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Takes one message from the user's allowance: "limited" the first time over, then "limited-again". */
  take(userKey: string): RateDecision {
    const now = this.now();
    const capacity = this.options.perMinute;
    const bucket = this.buckets.get(userKey) ?? { tokens: capacity, at: now, told: false };
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    // Re-inserted so the map's order is least recently seen first.
    this.buckets.delete(userKey);
    this.buckets.set(userKey, bucket);
    if (this.buckets.size > this.maxUsers) this.buckets.delete(this.buckets.keys().next().value as string);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.told = false;
      return 'allowed';
    }
    if (bucket.told) return 'limited-again';
    bucket.told = true;
    return 'limited';
  }
}

export const RATE_LIMITED_TEXT =
  "You're sending messages faster than I can answer them. Please wait a minute, then try again.";

/**
 * Wraps the bot's turn: messages and invokes over a user's allowance are not run. The first one
 * over gets a polite reply (an invoke, the same text in its response); the rest until the
 * allowance refills get nothing, so a flood does not become a flood of replies.
 */
export function rateLimited(
  limiter: RateLimiter,
  userKeyOf: (userId: string) => string,
  logger: Logger,
  logic: (context: TurnContext) => Promise<void>,
): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const { activity } = context;
    if (activity.type !== 'message' && activity.type !== 'invoke') return logic(context);
    const userId = activity.from.aadObjectId || activity.from.id;
    const decision = limiter.take(userKeyOf(userId));
    if (decision === 'allowed') return logic(context);
    if (decision === 'limited')
      logger.info(
        { event: 'rate-limited', correlationId: context.turnState.get(CORRELATION_ID_KEY) },
        'a user is over the message limit',
      );
    if (activity.type === 'invoke') {
      const value = decision === 'limited' ? RATE_LIMITED_TEXT : 'Please wait a minute.';
      // A message extension's invoke has its own answer shape; a card action's is the default.
      const body = composeRefusal(activity.name, value) ?? {
        statusCode: 200,
        type: 'application/vnd.microsoft.activity.message',
        value,
      };
      await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });
    } else if (decision === 'limited') await context.sendActivity(RATE_LIMITED_TEXT);
  };
}
