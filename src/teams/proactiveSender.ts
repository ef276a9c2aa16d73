import type {
  Activity,
  ChannelAccount,
  CloudAdapter,
  ConversationAccount,
  ConversationParameters,
  ConversationReference,
  TurnContext,
} from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { CardRenderer } from '../cards/renderCard';
import type { Logger } from '../log';
import { loggedError } from '../loggedError';
import type { ConversationRef, ProactiveSender, SendOptions, SendResult } from '../routing/proactive';
import type { Reply } from '../routing/reply';
import type { PipelineLike } from '../server/authentication';
import { loggedConversationType } from './logValues';
import { type AttemptFailure, AttemptTimeoutError, backoffDelay, classifyFailure } from './retry';
import { activityOf } from './turnPort';

export type { ConversationRef, ProactiveSender, SendOptions, SendResult } from '../routing/proactive';

export interface ProactiveSenderOptions {
  /** Attempts per call, the first included (default 4). */
  maxAttempts?: number;
  /** Each attempt is abandoned after this long (default 10000 ms; the adapter's connector timeout also applies). */
  attemptTimeoutMs?: number;
  /** The first backoff step after a 5xx, network error or timeout (default 1000 ms), doubling each time. */
  baseDelayMs?: number;
  /** The largest backoff step (default 30000 ms). */
  maxDelayMs?: number;
  /** The longest Retry-After honoured (default 60000 ms); a longer one is cut to this. */
  maxRetryAfterMs?: number;
  /** Waits between attempts (default setTimeout); tests pass one that records the delays. */
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1), for the backoff's jitter (default Math.random). */
  random?: () => number;
  /** Milliseconds since the epoch, to read a Retry-After given as a date (default Date.now). */
  now?: () => number;
}

export interface BotFrameworkProactiveSenderDependencies {
  adapter: Pick<CloudAdapter, 'continueConversationAsync'>;
  /** The Microsoft App Id; empty in local mode, where calls go unauthenticated to the serviceUrl. */
  botAppId: string;
  logger: Logger;
  cards: CardRenderer;
}

type Operation = 'send' | 'update' | 'delete';
type Act = (context: TurnContext) => Promise<string | undefined>;
type AttemptOutcome = { ok: true; activityId?: string } | { ok: false; failure: AttemptFailure };

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** ProactiveSender over botbuilder's CloudAdapter.continueConversationAsync, with its own retries. */
export class BotFrameworkProactiveSender implements ProactiveSender {
  private readonly maxAttempts: number;
  private readonly attemptTimeoutMs: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(
    private readonly deps: BotFrameworkProactiveSenderDependencies,
    options: ProactiveSenderOptions = {},
  ) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  send(ref: ConversationRef, message: Reply, options: SendOptions = {}): Promise<SendResult> {
    return this.run(
      'send',
      ref,
      options,
      async (context) => (await context.sendActivity(activityOf(message, this.deps.cards)))?.id,
    );
  }

  sendToPerson(userId: string, via: ConversationRef, message: Reply): Promise<SendResult> {
    return this.run('send', via, {}, async (context) => {
      const connector = context.turnState.get(context.adapter.ConnectorClientKey) as ConnectorClient;
      const { tenantId } = via.conversation;
      // Teams answers with the existing one-to-one chat when there is one: a retry opens nothing twice.
      const chat = await connector.conversations.createConversation({
        isGroup: false,
        bot: { id: via.bot.id } as ChannelAccount,
        members: [{ id: userId } as ChannelAccount],
        tenantId,
        channelData: { tenant: { id: tenantId } },
      } as ConversationParameters);
      const activity = { ...activityOf(message, this.deps.cards), type: 'message' } as Activity;
      return (await connector.conversations.sendToConversation(chat.id, activity)).id;
    });
  }

  update(ref: ConversationRef, activityId: string, message: Reply): Promise<SendResult> {
    return this.run('update', ref, {}, async (context) => {
      await context.updateActivity({ ...activityOf(message, this.deps.cards), id: activityId });
      return activityId;
    });
  }

  delete(ref: ConversationRef, activityId: string): Promise<SendResult> {
    return this.run('delete', ref, {}, async (context) => {
      await context.deleteActivity(activityId);
      return activityId;
    });
  }

  private async run(
    operation: Operation,
    ref: ConversationRef,
    options: SendOptions,
    act: Act,
  ): Promise<SendResult> {
    const logFields = {
      operation,
      conversationType: loggedConversationType(ref.conversation.conversationType),
    };
    for (let attempt = 1; ; attempt++) {
      await options.beforeAttempt?.();
      const outcome = await this.attempt(ref, act);
      if (outcome.ok) {
        this.deps.logger.info(
          { event: 'proactive-sent', ...logFields, attempts: attempt },
          'proactive call done',
        );
        return { ok: true, activityId: outcome.activityId, attempts: attempt };
      }
      const { reason, status, retryable, retryAfterMs, cause } = outcome.failure;
      if (!retryable || attempt >= this.maxAttempts) {
        // A fault (not an HTTP failure) is logged as the turn-error boundary logs one.
        const err = cause instanceof Error ? loggedError(cause) : undefined;
        this.deps.logger.warn(
          { event: 'proactive-failed', ...logFields, reason, status, attempts: attempt, err },
          'proactive call failed',
        );
        return { ok: false, reason, status, attempts: attempt };
      }
      const delayMs = retryAfterMs ?? backoffDelay(attempt, this.baseDelayMs, this.maxDelayMs, this.random);
      this.deps.logger.info(
        { event: 'proactive-retry', ...logFields, reason, status, attempt, delayMs },
        'proactive call will be retried',
      );
      await this.sleep(delayMs);
    }
  }

  /** One call through the adapter, bounded in time; whatever goes wrong comes back as a failure. */
  private async attempt(ref: ConversationRef, act: Act): Promise<AttemptOutcome> {
    let outcome: AttemptOutcome | undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeoutMs = this.attemptTimeoutMs;
    const call = this.deps.adapter.continueConversationAsync(
      this.deps.botAppId,
      toReference(ref),
      async (context) => {
        // Caught here, not by the adapter: its onTurnError would post an apology to the conversation.
        try {
          prepare(context, timeoutMs);
          outcome = { ok: true, activityId: await act(context) };
        } catch (err) {
          outcome = { ok: false, failure: classifyFailure(err, this.now(), this.maxRetryAfterMs) };
        }
      },
    );
    try {
      await Promise.race([
        call,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new AttemptTimeoutError(timeoutMs)), timeoutMs);
        }),
      ]);
    } catch (err) {
      // Creating the connector client failed, or the attempt outlived its limit.
      return { ok: false, failure: classifyFailure(err, this.now(), this.maxRetryAfterMs) };
    } finally {
      clearTimeout(timer);
    }
    return outcome ?? { ok: false, failure: { reason: 'error', retryable: false } };
  }
}

function toReference(ref: ConversationRef): Partial<ConversationReference> {
  return {
    channelId: ref.channelId,
    serviceUrl: ref.serviceUrl,
    // Only what storage keeps: Teams needs no name, and isGroup follows from conversationType.
    conversation: { ...ref.conversation } as ConversationAccount,
    bot: { id: ref.bot.id } as ChannelAccount,
  };
}

/**
 * Makes the turn's connector client fit for proactive calls:
 * - no retries of its own (its pipeline retries 429 and 5xx with real waits): this sender's
 *   retries are the only ones, so attempts are counted and waits injected;
 * - each HTTP call abandoned after the attempt's limit, so a timed-out attempt leaves no request behind;
 * - a new post, not a reply: botbuilder would reply to the made-up id of its continuation
 *   activity (replyToId); sendToConversation is the Bot Connector's call for a new message.
 */
function prepare(context: TurnContext, timeoutMs: number): void {
  const client = context.turnState.get(context.adapter.ConnectorClientKey) as
    | { client?: { pipeline?: ClientPipeline } }
    | undefined;
  const pipeline = client?.client?.pipeline;
  if (!pipeline || typeof pipeline.removePolicy !== 'function')
    throw new Error('botbuilder connector client has no pipeline to take its retries from');
  pipeline.removePolicy({ phase: 'Retry' });
  pipeline.addPolicy({
    name: 'proactiveAttemptTimeout',
    sendRequest: (request, next) => {
      if (!(request.timeout > 0) || request.timeout > timeoutMs) request.timeout = timeoutMs;
      return next(request);
    },
  });
  context.onSendActivities(async (_context, activities, next) => {
    for (const activity of activities) delete activity.replyToId;
    return next();
  });
  context.onUpdateActivity(async (_context, activity, next) => {
    delete activity.replyToId;
    return next();
  });
}

/** The connector client's pipeline, which proactive calls also take the retry policy out of. */
interface ClientPipeline extends PipelineLike {
  removePolicy(options: { phase: 'Retry' }): unknown;
}
