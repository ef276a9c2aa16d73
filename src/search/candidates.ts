import { type EntryIndex, IN_KEY } from './entryIndex';
import type { Slot } from './questionSlots';

/**
 * Candidates given full features and the model, those holding most of the question first. Enough to
 * keep nearly every expected entry of the evaluation set; more only costs time.
 */
export const CANDIDATES = 80;

/**
 * The entries the question's words reach, best prefilter bound first, at most `limit`. The bound is
 * how much of the question the entry's key words, then its whole text, hold: exact and cheap. It is
 * a tight bound on purpose: a loose one ties many entries at 1 and cuts the right one when its id
 * sorts late.
 */
export function selectCandidates(
  slots: readonly Slot[],
  total: number,
  index: Pick<EntryIndex, 'tokenPostings' | 'idRank'>,
  limit = CANDIDATES,
): number[] {
  const { tokenPostings, idRank } = index;
  // This call's accumulators, one cell per entry: typed arrays, as postings can touch thousands.
  const n = idRank.length;
  const boundKey = new Float64Array(n);
  const boundAll = new Float64Array(n);
  // The last slot (numbered from 1) that reached each entry, so a slot counts once per entry.
  const seenBySlot = new Int32Array(n);
  const candidates: number[] = [];
  slots.forEach((s, k) => {
    const slotNumber = k + 1;
    // Entries holding an option's word among their key words first, then those holding it only in
    // the summary or body: a slot met in the key words is already counted in the whole-text bound.
    for (const keyWords of [true, false])
      for (const o of s.options)
        for (const t of o.tokens) {
          const posting = tokenPostings.get(t);
          if (!posting) continue;
          for (let m = 0; m < posting.entries.length; m++) {
            if (Boolean(posting.flags[m] & IN_KEY) !== keyWords) continue;
            const i = posting.entries[m];
            if (seenBySlot[i] === slotNumber) continue;
            if (seenBySlot[i] === 0) candidates.push(i);
            seenBySlot[i] = slotNumber;
            if (keyWords) boundKey[i] += s.weight;
            boundAll[i] += s.weight;
          }
        }
  });
  const bounds = new Float64Array(candidates.length);
  candidates.forEach((i, k) => {
    bounds[k] = 0.75 * (boundKey[i] / total) + 0.25 * Math.min(1, boundAll[i] / total);
  });
  return best(bounds, limit, (a, b) => idRank[candidates[a]] - idRank[candidates[b]]).map(
    (k) => candidates[k],
  );
}

/**
 * Indexes of the `limit` highest values (all in [0, 1]), highest first, ties by `tieBreak`, without
 * sorting them all: a histogram of the values finds the cut and only what is above it is sorted.
 */
function best(values: Float64Array, limit: number, tieBreak: (a: number, b: number) => number): number[] {
  const histogram = new Uint32Array(101);
  for (const v of values) histogram[Math.min(100, Math.floor(v * 100))]++;
  let cut = 100;
  for (let kept = histogram[100]; cut > 0 && kept < limit; kept += histogram[cut]) cut--;
  const kept: number[] = [];
  values.forEach((v, k) => {
    if (v >= cut / 100) kept.push(k);
  });
  return kept.sort((a, b) => values[b] - values[a] || tieBreak(a, b)).slice(0, limit);
}
