import type { Logger } from '../log';
import { PeriodicRun } from '../periodicRun';
import type { ProactiveSender } from '../routing/proactive';
import type { Storage } from '../storage';
import { AnswerCounts } from './answerCounts';
import { DeliveryLedger } from './deliveryLedger';
import { DigestComposer, type DigestContent } from './digestComposer';
import { DigestReplies } from './digestReplies';
import { DigestRun, type RunSummary } from './digestRun';
import { Pacer } from './pacer';
import { RunLease } from './runLease';
import { DigestSubscriptions } from './subscriptions';

export interface DigestSettings {
  /** Sends a second across all channels (DIGEST_SENDS_PER_SEC). */
  sendsPerSecond: number;
  /** How often this instance looks for due digests, in seconds; 0 turns its scheduler off. */
  checkSeconds: number;
  /** How long a run's lease lasts unless renewed (DIGEST_LEASE_SECONDS). */
  leaseSeconds: number;
}

export interface DigestDeps {
  content: DigestContent;
  storage: Storage;
  sender: ProactiveSender;
  settings: DigestSettings;
  logger: Logger;
  now?: () => Date;
  /** The pacer's wait (tests and the benchmark pass their own clock's). */
  sleep?: (ms: number) => Promise<void>;
}

/** The channel digest, assembled: its commands, one run, the scheduler, and the answer counts. */
export interface Digest {
  replies: DigestReplies;
  counts: AnswerCounts;
  run(): Promise<RunSummary>;
  scheduler: PeriodicRun;
}

export function buildDigest(deps: DigestDeps): Digest {
  const now = deps.now ?? (() => new Date());
  const subscriptions = new DigestSubscriptions(deps.storage);
  const composer = new DigestComposer(deps.content);
  const counts = new AnswerCounts(deps.storage, now);
  const pacer = new Pacer(deps.settings.sendsPerSecond, () => now().getTime(), deps.sleep);
  const run = (): Promise<RunSummary> =>
    new DigestRun({
      subscriptions,
      ledger: new DeliveryLedger(deps.storage, now),
      lease: new RunLease(deps.storage, now, deps.settings.leaseSeconds * 1000),
      counts,
      sender: deps.sender,
      compose: (subscription, runAt, answerCounts) => composer.compose(subscription, runAt, answerCounts),
      hashes: () => composer.hashes(),
      pacer,
      now,
      logger: deps.logger,
    }).run();
  return {
    replies: new DigestReplies({ subscriptions, composer, counts, now }),
    counts,
    run,
    // Every instance looks for due digests: the run's lease lets only one deliver at a time, and the
    // delivery records make a second pass send nothing twice.
    scheduler: new PeriodicRun({
      run,
      everyMs: deps.settings.checkSeconds * 1000,
      logger: deps.logger,
      failed: { event: 'digest-run-failed', message: 'digest run failed' },
    }),
  };
}
