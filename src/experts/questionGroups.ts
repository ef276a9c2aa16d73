import { normaliseText, tokens } from '../search/normalise';

/**
 * Two questions are near-duplicates when their sets of content words (stop words out, stemmed, the
 * search's own tokens) overlap this much: |A ∩ B| / |A ∪ B|. At 0.6 "how do I apply for a community
 * grant" meets "how to apply for community grants?" (same three words), and "community grant
 * deadline" meets "community grants" (2 of 3), but "community grant" and "community garden" (1 of 3)
 * and "apply for a community grant" and "community grant eligibility" (2 of 4) stay apart: a content
 * owner would write one entry for the first pairs and two for the others.
 */
export const NEAR_DUPLICATE_SIMILARITY = 0.6;

export interface Asked {
  text: string;
  /** ISO time. */
  at: string;
}

/** Questions taken for one: shown by the wording asked most. */
export interface QuestionGroup<T extends Asked> {
  /** The wording asked most often in the group, as it was typed (redacted). */
  wording: string;
  /** Every question in the group, earliest first. */
  items: T[];
  /** How many different wordings (after normalising case and punctuation). */
  wordings: number;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * The words that decide whether two questions are the same. A question made only of stop words
 * ("what is it?") keeps its plain words, so it still meets its exact repeats and nothing else.
 */
function keyOf(text: string): Set<string> {
  const content = tokens(text);
  return new Set(content.length > 0 ? content : normaliseText(text).split(' ').filter(Boolean));
}

interface Wording<T extends Asked> {
  norm: string;
  key: Set<string>;
  items: T[];
}

/**
 * Greedy grouping, largest first: the most asked wording starts a group, and each later wording
 * joins the group whose first wording it is most like, if at least `threshold`. Comparing with the
 * first wording, not with every member, stops a chain of small steps from merging unrelated
 * questions ("grant deadline" -> "grant" -> "grant eligibility"). Groups come most asked first, then
 * the one asked most recently (a gap still open).
 */
export function groupQuestions<T extends Asked>(
  asked: readonly T[],
  threshold: number = NEAR_DUPLICATE_SIMILARITY,
): QuestionGroup<T>[] {
  const byNorm = new Map<string, Wording<T>>();
  for (const item of [...asked].sort((a, b) => a.at.localeCompare(b.at))) {
    const norm = normaliseText(item.text);
    const found = byNorm.get(norm);
    if (found) found.items.push(item);
    else byNorm.set(norm, { norm, key: keyOf(item.text), items: [item] });
  }
  // Most asked first; among equals the fuller wording (it tells a content owner more), then the
  // one asked first, so the result does not depend on the order records were read in.
  const wordings = [...byNorm.values()].sort(
    (a, b) =>
      b.items.length - a.items.length ||
      b.norm.length - a.norm.length ||
      a.items[0].at.localeCompare(b.items[0].at),
  );

  const groups: { seed: Wording<T>; members: Wording<T>[] }[] = [];
  for (const w of wordings) {
    let best: (typeof groups)[number] | undefined;
    let bestScore = threshold;
    for (const g of groups) {
      const score = jaccard(w.key, g.seed.key);
      if (score >= bestScore && (best === undefined || score > bestScore)) {
        best = g;
        bestScore = score;
      }
    }
    if (best) best.members.push(w);
    else groups.push({ seed: w, members: [w] });
  }

  return groups
    .map(({ seed, members }) => ({
      wording: seed.items[0].text.trim(),
      items: members.flatMap((m) => m.items).sort((a, b) => a.at.localeCompare(b.at)),
      wordings: members.length,
    }))
    .sort(
      (a, b) =>
        b.items.length - a.items.length ||
        b.items[b.items.length - 1].at.localeCompare(a.items[a.items.length - 1].at),
    );
}
