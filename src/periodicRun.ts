import type { Logger } from './log';
import { loggedError } from './loggedError';

export interface PeriodicRunDeps {
  /** One pass of the job (a digest run, a sweep); a failure is logged and the next pass still comes. */
  run: () => Promise<unknown>;
  /** The wait between the end of one pass and the start of the next, in ms. */
  everyMs: number;
  logger: Logger;
  /** What a failed pass logs: its event and message. */
  failed: { event: string; message: string };
  setTimer?: (fn: () => void, ms: number) => { unref?: () => void };
  clearTimer?: (timer: unknown) => void;
}

/**
 * A background job every `everyMs` on each instance (digests, the huddle sweep): a pass never
 * overlaps the previous one, and `stop` waits for a pass in progress.
 */
export class PeriodicRun {
  private timer: unknown;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(private readonly deps: PeriodicRunDeps) {}

  start(): void {
    const setTimer = this.deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    const tick = (): void => {
      if (this.stopped) return;
      this.running = this.deps
        .run()
        .catch((err: unknown) =>
          this.deps.logger.error(
            { err: loggedError(err), event: this.deps.failed.event },
            this.deps.failed.message,
          ),
        )
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(setTimer, tick);
        });
    };
    this.schedule(setTimer, tick);
  }

  private schedule(setTimer: NonNullable<PeriodicRunDeps['setTimer']>, tick: () => void): void {
    const timer = setTimer(tick, this.deps.everyMs);
    timer.unref?.();
    this.timer = timer;
  }

  /** Stops and waits for a pass in progress, so shutdown never cuts a delivery in half. */
  async stop(): Promise<void> {
    this.stopped = true;
    (this.deps.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout)))(this.timer);
    await this.running;
  }
}
