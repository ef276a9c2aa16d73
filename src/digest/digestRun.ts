import type { Logger } from '../log';
import type { ProactiveSender } from '../routing/proactive';
import type { Reply } from '../routing/reply';
import type { AnswerCounts } from './answerCounts';
import type { DeliveryLedger } from './deliveryLedger';
import type { Pacer } from './pacer';
import type { RunLease } from './runLease';
import { latestRunAtOrBefore, periodKey } from './schedule';
import type { DigestSubscription, DigestSubscriptions } from './subscriptions';

export interface DigestRunDeps {
  subscriptions: DigestSubscriptions;
  ledger: DeliveryLedger;
  lease: RunLease;
  counts: Pick<AnswerCounts, 'between' | 'flush' | 'prune'>;
  sender: ProactiveSender;
  /** The card for one subscription's run, given what was answered since its last digest. */
  compose: (subscription: DigestSubscription, runAt: Date, answerCounts: Record<string, number>) => Reply;
  /** Entry hashes now, stored with each delivery. */
  hashes: () => ReadonlyMap<string, string>;
  pacer: Pick<Pacer, 'take'>;
  now: () => Date;
  logger: Logger;
  /** Sends in flight at once (the pacer sets the rate; this only overlaps the waits). Default 32. */
  concurrency?: number;
}

export interface RunSummary {
  /** False when another instance holds the lease: this one did nothing. */
  ran: boolean;
  due: number;
  sent: number;
  /** Sent, after at least one retry (429, 5xx, timeout). */
  retried: number;
  /** Not sent this time (errors after every retry); the next run tries again. */
  failed: number;
  /** Teams refused for good (bot removed): the subscription is turned off. */
  refused: number;
  /** Already delivered, or claimed by a run that may have sent it: never sent twice. */
  skipped: number;
}

interface Due {
  subscription: DigestSubscription;
  runAt: Date;
  period: string;
}

/** One pass over every subscription: each one due gets exactly one digest for its period. */
export class DigestRun {
  constructor(private readonly deps: DigestRunDeps) {}

  async run(): Promise<RunSummary> {
    const summary: RunSummary = {
      ran: false,
      due: 0,
      sent: 0,
      retried: 0,
      failed: 0,
      refused: 0,
      skipped: 0,
    };
    // Each instance writes its own counts, whether or not it delivers this time.
    await this.deps.counts.flush();
    if (!(await this.deps.lease.take())) return summary;
    summary.ran = true;
    // Renewed while the run lasts, so the lease can be short: an instance that dies mid-run holds
    // up the rest only until it expires. A run that loses its lease stops starting sends.
    let holding = true;
    const renewal = setInterval(() => {
      this.deps.lease.renew().then(
        (ok) => {
          holding &&= ok;
        },
        () => {
          holding = false;
        },
      );
    }, this.deps.lease.ttlMs / 3);
    renewal.unref();
    try {
      await this.deps.counts.prune();
      const due = await this.dueNow();
      summary.due = due.length;
      let next = 0;
      const worker = async (): Promise<void> => {
        while (holding && next < due.length) await this.deliver(due[next++], summary);
      };
      await Promise.all(Array.from({ length: Math.min(this.deps.concurrency ?? 32, due.length) }, worker));
    } finally {
      clearInterval(renewal);
      await this.deps.lease.release();
    }
    this.deps.logger.info({ event: 'digest-run', ...summary }, 'digest run finished');
    return summary;
  }

  private async dueNow(): Promise<Due[]> {
    const now = this.deps.now();
    const due: Due[] = [];
    for await (const subscription of this.deps.subscriptions.all()) {
      if (!subscription.active) continue;
      const runAt = latestRunAtOrBefore(subscription.schedule, now);
      // A run scheduled before the channel opted in is not owed to it.
      if (!runAt || runAt < new Date(subscription.since)) continue;
      const period = periodKey(runAt);
      if (subscription.lastPeriod !== period) due.push({ subscription, runAt, period });
    }
    return due;
  }

  private async deliver({ subscription, runAt, period }: Due, summary: RunSummary): Promise<void> {
    const { installationId, reference } = subscription;
    const conversationId = reference.conversation.id;
    const since = new Date(subscription.lastDeliveredAt ?? subscription.since);
    const card = this.deps.compose(
      subscription,
      runAt,
      await this.deps.counts.between(since, this.deps.now()),
    );
    // The slot first, then the claim, then at once the send: a crash can leave unsent only what
    // was claimed in that short gap, never a queue of claims waiting for their turn.
    await this.deps.pacer.take();
    const claim = await this.deps.ledger.claim(installationId, conversationId, period);
    if (!claim.claimed) {
      summary.skipped++;
      // The send happened but the subscription was not updated (a crash between the two).
      if (claim.existing?.state === 'sent') await this.markDelivered(subscription, period);
      return;
    }
    let attempts = 0;
    const result = await this.deps.sender.send(reference, card, {
      // Retries wait for a slot too, so they never push the run over its rate.
      beforeAttempt: async () => {
        if (++attempts > 1) await this.deps.pacer.take();
      },
    });
    if (result.ok) {
      await this.deps.ledger.complete(installationId, conversationId, period, {
        state: 'sent',
        attempts: result.attempts,
        activityId: result.activityId,
      });
      await this.markDelivered(subscription, period);
      summary.sent++;
      if (result.attempts > 1) summary.retried++;
      return;
    }
    if (result.reason === 'conversation-gone' || result.reason === 'forbidden') {
      await this.deps.ledger.complete(installationId, conversationId, period, {
        state: 'refused',
        attempts: result.attempts,
      });
      await this.deps.subscriptions.update(installationId, conversationId, (current) => ({
        ...current,
        active: false,
        inactiveReason: result.reason,
      }));
      summary.refused++;
      return;
    }
    summary.failed++;
    this.deps.logger.warn(
      { event: 'digest-failed', reason: result.reason, status: result.status, attempts: result.attempts },
      'a digest could not be delivered',
    );
    // A timed-out send may still have arrived, so its claim stays (never twice); an error answer
    // means it did not, and the next run may try again.
    if (result.reason !== 'timeout') await this.deps.ledger.release(installationId, conversationId, period);
  }

  private async markDelivered(subscription: DigestSubscription, period: string): Promise<void> {
    const { installationId, reference } = subscription;
    await this.deps.subscriptions.update(installationId, reference.conversation.id, (current) => ({
      ...current,
      lastPeriod: period,
      lastDeliveredAt: this.deps.now().toISOString(),
      lastHashes: Object.fromEntries(this.deps.hashes()),
    }));
  }
}
