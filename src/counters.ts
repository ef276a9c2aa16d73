/** Counts kept instead of content, for example how often signposting fired. */
export interface Counters {
  increment(name: string): void;
}

export class MemoryCounters implements Counters {
  readonly counts = new Map<string, number>();
  increment(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }
}
