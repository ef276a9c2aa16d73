/** Words remembered per function, and the longest remembered: a bound on memory, whatever is sent. */
const MAX_REMEMBERED_WORDS = 20_000;
const MAX_REMEMBERED_LENGTH = 40;

/**
 * A per-word function that remembers its answers across messages, for the search's and the
 * signposting's readings of a word: most words of a message were in an earlier one. Emptied when
 * full, and long words are not kept, so what people type cannot grow it without bound.
 */
export function rememberedPerWord<T>(fn: (word: string) => T): (word: string) => T {
  const seen = new Map<string, T>();
  return (word) => {
    let out = seen.get(word);
    if (out === undefined) {
      out = fn(word);
      if (seen.size >= MAX_REMEMBERED_WORDS) seen.clear();
      if (word.length <= MAX_REMEMBERED_LENGTH) seen.set(word, out);
    }
    return out;
  };
}
