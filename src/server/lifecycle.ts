/**
 * Tracks turns in flight and whether the service is draining, so shutdown can refuse new work,
 * report 503 on /healthz and wait for the turns it already accepted.
 */
export class Lifecycle {
  private inFlight = 0;
  private draining = false;
  private idleWaiters: (() => void)[] = [];

  get isDraining(): boolean {
    return this.draining;
  }

  get turnsInFlight(): number {
    return this.inFlight;
  }

  /** Returns false when draining: the caller must refuse the request. */
  tryBegin(): boolean {
    if (this.draining) return false;
    this.inFlight += 1;
    return true;
  }

  end(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (this.inFlight === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  /** Starts draining; resolves true when every turn finished, false when the grace ran out first. */
  drain(graceMs: number): Promise<boolean> {
    this.draining = true;
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), graceMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
