/** One item at random (`random` is injected so tests can choose). */
export function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))];
}

/** A string field of a card's data, or '' (card data comes back from the client as sent). */
export const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');
