/**
 * Spaces sends evenly at `perSecond` across everything that shares it, however many are in flight:
 * each caller gets the next free slot and waits for it. The clock and the wait are injected.
 */
export class Pacer {
  private nextSlot = 0;
  private readonly intervalMs: number;

  constructor(
    perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.intervalMs = 1000 / perSecond;
  }

  async take(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    if (slot > now) await this.sleep(slot - now);
  }
}
