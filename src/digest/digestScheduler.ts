import type { Logger } from '../log';
import { loggedError } from '../loggedError';

export interface SchedulerDeps {
  /** One pass over the subscriptions; cheap when nothing is due. */
  run: () => Promise<unknown>;
  /** How often to look for due digests, in ms (a digest arrives at most this late). */
  everyMs: number;
  logger: Logger;
  setTimer?: (fn: () => void, ms: number) => { unref?: () => void };
  clearTimer?: (timer: unknown) => void;
}

/**
 * Looks for due digests at a fixed interval. Every instance runs one; the run's lease lets only
 * one deliver at a time, and the delivery records make a second pass send nothing twice. A pass
 * never overlaps the previous one.
 */
export class DigestScheduler {
  private timer: unknown;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(private readonly deps: SchedulerDeps) {}

  start(): void {
    const setTimer = this.deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    const tick = (): void => {
      if (this.stopped) return;
      this.running = this.deps
        .run()
        .catch((err: unknown) =>
          this.deps.logger.error({ err: loggedError(err), event: 'digest-run-failed' }, 'digest run failed'),
        )
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(setTimer, tick);
        });
    };
    this.schedule(setTimer, tick);
  }

  private schedule(setTimer: NonNullable<SchedulerDeps['setTimer']>, tick: () => void): void {
    const timer = setTimer(tick, this.deps.everyMs);
    timer.unref?.();
    this.timer = timer;
  }

  /** Stops looking and waits for a pass in progress, so shutdown never cuts a delivery in half. */
  async stop(): Promise<void> {
    this.stopped = true;
    (this.deps.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout)))(this.timer);
    await this.running;
  }
}
