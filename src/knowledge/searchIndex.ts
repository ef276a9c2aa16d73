import Fuse from 'fuse.js';
import type { KnowledgeEntry } from './entry';
import { tokens, words } from './normalise';

export type Decision = 'answer' | 'suggest' | 'none';

export interface SearchResult {
  entry: KnowledgeEntry;
  /** Confidence in [0, 1]; the number the thresholds compare. */
  score: number;
}

export interface SearchOutcome {
  decision: Decision;
  /** Best candidates, at most three, best first; empty only when nothing matched at all. */
  results: SearchResult[];
}

/**
 * Decision thresholds, all in one place. Chosen by running every alternative question, the help
 * examples and a set of off-topic questions through `npm run ask` on the shipped knowledge:
 * alternative questions score 0.7-1.0, off-topic questions under 0.3, and vague questions that
 * touch two entries 0.35-0.6 with the top two close together.
 */
export const THRESHOLDS = {
  /** At or above this, with a clear margin, the best entry is answered. */
  answer: 0.55,
  /** At or above this the best entry is answered whatever the runner-up scored. */
  sure: 0.8,
  /** The best must beat the second by this much to be answered below `sure`. */
  margin: 0.08,
  /** Below this nothing is offered. */
  suggest: 0.3,
  /** Fuse score (0 = exact) at or under which an unknown word is taken as a typo of a known one. */
  typo: 0.34,
  /** Weight kept by a word reached through a synonym rather than typed. */
  synonym: 0.8,
} as const;

interface IndexedEntry {
  entry: KnowledgeEntry;
  /** Title and each alternative question as token sets, with their summed word weights. */
  phrasings: Set<string>[];
  phrasingWeights: number[];
  key: Set<string>;
  /** Key words plus the summary's. */
  summary: Set<string>;
  all: Set<string>;
}

/** The measures one entry gets for one question; exposed for the tuning script. */
export interface MatchFeatures {
  id: string;
  dice: number;
  recall: number;
  key: number;
  summary: number;
  all: number;
  /** Weight of the question's words met in key fields, in units of the rarest word's weight. */
  evidence: number;
  /** The same measures with the question's unknown words left out of its weight. */
  diceKnown: number;
  keyKnown: number;
  allKnown: number;
  /** Share of the question's weight carried by words the index has never seen. */
  unknownShare: number;
}

/**
 * One way a slot can be met: all of `tokens` present earns `factor` of the slot. A typed word is one
 * token at factor 1; a typo correction is one token at its closeness; a synonym phrase is several
 * tokens at the synonym factor, earned in proportion to the weight of those present.
 */
interface Option {
  tokens: string[];
  weights: number[];
  total: number;
  factor: number;
}

interface Slot {
  /** What the slot adds to the question's total weight. */
  weight: number;
  options: Option[];
  /** Upper bound of the document-side weight any option can contribute (for pruning). */
  maxF: number;
}

export interface SearchIndex {
  search(question: string): SearchOutcome;
  /** Every candidate's measures, unpruned: for tuning, not for serving. */
  features(question: string): MatchFeatures[];
  readonly size: number;
}

/** Synonym groups: every phrase in a group can stand for the others. */
export type SynonymGroups = readonly (readonly string[])[];

/**
 * How scores are made. The defaults are what ships; the tuning script passes others to compare.
 */
export interface SearchTuning {
  /** Word weight is idf raised to this power: above 1, rare words count for more. */
  idfPower: number;
  /** Weight of a word the index has never seen, as a share of the rarest known word's weight. */
  unknownFactor: number;
  keyWeight: number;
  keyDice: number;
  allWeight: number;
  allDice: number;
  /** Weight of "how much of one phrasing the question contains" (helps long questions). */
  recallWeight: number;
  recallDice: number;
}

export const TUNING: SearchTuning = {
  idfPower: 1,
  unknownFactor: 1,
  keyWeight: 0.55,
  keyDice: 0.35,
  allWeight: 0.45,
  allDice: 0.2,
  recallWeight: 0,
  recallDice: 0,
};

export function buildSearchIndex(
  entries: readonly KnowledgeEntry[],
  synonyms: SynonymGroups = [],
  tuning: SearchTuning = TUNING,
): SearchIndex {
  const tokenised = entries.map((entry) => {
    const phrasings = [entry.title, ...entry.questions].map((q) => new Set(tokens(q)));
    const key = new Set([...phrasings.flatMap((p) => [...p]), ...entry.tags.flatMap(tokens)]);
    const summary = new Set([...key, ...tokens(entry.summary)]);
    const all = new Set([...summary, ...tokens(entry.body)]);
    return { entry, phrasings, key, summary, all };
  });

  // Document frequency over whole entries gives each word its weight: rare words decide.
  const df = new Map<string, number>();
  // Two posting lists: where a word is a key word (title, questions, tags), and where it is only in
  // the summary or body. Key matches can score high; body-only matches are bounded at 0.45.
  const keyPostings = new Map<string, number[]>();
  const bodyPostings = new Map<string, number[]>();
  const post = (map: Map<string, number[]>, t: string, i: number): void => {
    const list = map.get(t);
    if (list) list.push(i);
    else map.set(t, [i]);
  };
  tokenised.forEach((item, i) => {
    for (const t of item.all) {
      df.set(t, (df.get(t) ?? 0) + 1);
      post(item.key.has(t) ? keyPostings : bodyPostings, t, i);
    }
  });
  const n = Math.max(1, tokenised.length);
  const idfOf = new Map<string, number>();
  for (const [t, count] of df) idfOf.set(t, Math.log(1 + n / count) ** tuning.idfPower);
  const unknownWeight = tuning.unknownFactor * Math.log(1 + n / 0.5) ** tuning.idfPower;
  const idf = (t: string): number => idfOf.get(t) ?? unknownWeight;
  const sumIdf = (set: Iterable<string>): number => {
    let sum = 0;
    for (const t of set) sum += idf(t);
    return sum;
  };
  const indexed: IndexedEntry[] = tokenised.map((item) => ({
    ...item,
    phrasingWeights: item.phrasings.map(sumIdf),
  }));

  // Fuse runs over the vocabulary (a few thousand short words), not over whole entries: it only
  // has to turn a misspelt word into known ones.
  const fuse = new Fuse([...df.keys()], {
    includeScore: true,
    threshold: THRESHOLDS.typo,
    ignoreLocation: true,
  });
  // Partners repeat the same misspellings; a small cache keeps fuse off the hot path for them.
  const typoCache = new Map<string, { item: string; score: number }[]>();
  const corrections = (t: string): { item: string; score: number }[] => {
    const cached = typoCache.get(t);
    if (cached) return cached;
    const hits = fuse
      .search(t, { limit: 2 })
      .map((h) => ({ item: h.item, score: h.score ?? 1 }))
      .filter((h) => h.score <= THRESHOLDS.typo);
    if (typoCache.size > 5000) typoCache.clear();
    typoCache.set(t, hits);
    return hits;
  };

  // A phrase can be typed even when none of its words is in the content ("swimlane"): it is then
  // met only through the other phrases of its group.
  const synonymPhrases = synonyms.map((group) =>
    group.map((p) => {
      const typedTokens = [...new Set(tokens(p))];
      return { words: words(p).join(' '), typedTokens, tokens: typedTokens.filter((t) => df.has(t)) };
    }),
  );
  const option = (list: string[], factor: number): Option => {
    const weights = list.map(idf);
    return { tokens: list, weights, total: weights.reduce((a, b) => a + b, 0), factor };
  };
  const slot = (weight: number, options: Option[]): Slot => ({
    weight,
    options,
    maxF: Math.max(0, ...options.map((o) => o.factor * o.total)),
  });

  /**
   * The question as weighted slots. A slot is one typed word (or a typed synonym phrase); it is
   * met by that word, by a typo correction of it, or by another phrase of its synonym group, and
   * counts at most once, so a question can never score above 1 against an entry.
   */
  const slotsOf = (question: string): Slot[] => {
    const slots: Slot[] = [];
    const typed = new Set(tokens(question));
    const phrase = ` ${words(question).join(' ')} `;
    for (const group of synonymPhrases) {
      const found = group.find(
        (p) => p.words !== '' && p.typedTokens.length > 0 && phrase.includes(` ${p.words} `),
      );
      if (!found?.typedTokens.every((t) => typed.has(t))) continue;
      for (const t of found.typedTokens) typed.delete(t);
      const others = group.filter((p) => p !== found && p.tokens.length > 0);
      slots.push(
        slot(sumIdf(found.typedTokens), [
          option(found.typedTokens, 1),
          ...others.map((p) => option(p.tokens, THRESHOLDS.synonym)),
        ]),
      );
    }
    for (const t of typed) {
      if (df.has(t)) {
        slots.push(slot(idf(t), [option([t], 1)]));
        continue;
      }
      const hits = t.length >= 5 && !/\d/.test(t) ? corrections(t) : [];
      if (hits.length > 0) {
        // The typed word weighs what its best correction weighs; a closer correction earns more of it.
        slots.push(
          slot(
            idf(hits[0].item),
            hits.map((h) => option([h.item], 1 - h.score)),
          ),
        );
        continue;
      }
      // An unknown word weighs as much as the rarest known one: off-topic questions stay low.
      slots.push(slot(unknownWeight, []));
    }
    return slots;
  };

  // Scratch results of `shared`, kept outside to avoid an allocation per slot per phrasing.
  let sharedQ = 0;
  let sharedF = 0;
  /** How far a set of words meets the question: query-side share (sharedQ) and document-side weight (sharedF). */
  const shared = (slots: readonly Slot[], set: Set<string>): void => {
    sharedQ = 0;
    sharedF = 0;
    for (const s of slots) {
      let bestQ = 0;
      let bestF = 0;
      for (const o of s.options) {
        let have = 0;
        for (let k = 0; k < o.tokens.length; k++) if (set.has(o.tokens[k])) have += o.weights[k];
        if (o.total === 0) continue;
        const q = (o.factor * have) / o.total;
        if (q > bestQ) {
          bestQ = q;
          bestF = o.factor * have;
        }
      }
      sharedQ += s.weight * bestQ;
      sharedF += bestF;
    }
  };

  const combine = (dice: number, key: number, all: number, recall: number): number =>
    Math.min(
      1,
      Math.max(
        dice,
        tuning.keyWeight * key + tuning.keyDice * dice,
        tuning.allWeight * all + tuning.allDice * dice,
        tuning.recallWeight * recall + tuning.recallDice * dice,
      ),
    );

  const scoreEntry = (item: IndexedEntry, slots: readonly Slot[], total: number): number => {
    // How closely the question matches one phrasing (weighted Dice): rewards saying the same thing.
    let dice = 0;
    let recall = 0;
    for (let j = 0; j < item.phrasings.length; j++) {
      shared(slots, item.phrasings[j]);
      const w = item.phrasingWeights[j];
      dice = Math.max(dice, (sharedQ + Math.min(sharedF, w)) / (total + w));
      if (w > 0) recall = Math.max(recall, Math.min(sharedF, w) / w);
    }
    // How much of the question the entry's key words, and its whole text, cover: helps long and
    // one-word questions, with Dice breaking ties between entries that cover it equally.
    shared(slots, item.key);
    const key = sharedQ / total;
    shared(slots, item.all);
    const all = sharedQ / total;
    return combine(dice, key, all, recall);
  };

  // Per-query accumulators, reused: an upper bound of each entry's score from the postings alone.
  const boundQ = new Float64Array(indexed.length);
  const boundF = new Float64Array(indexed.length);
  const boundAll = new Float64Array(indexed.length);
  const seenBySlot = new Int32Array(indexed.length);
  const touchedAt = new Int32Array(indexed.length);
  let stamp = 0;
  let query = 0;

  const maxIdf = Math.log(1 + n / 1) ** tuning.idfPower;
  const featuresOf = (item: IndexedEntry, slots: readonly Slot[], total: number): MatchFeatures => {
    const known = slots.reduce((sum, s) => sum + (s.options.length > 0 ? s.weight : 0), 0) || total;
    let dice = 0;
    let diceKnown = 0;
    let recall = 0;
    for (let j = 0; j < item.phrasings.length; j++) {
      shared(slots, item.phrasings[j]);
      const w = item.phrasingWeights[j];
      dice = Math.max(dice, (sharedQ + Math.min(sharedF, w)) / (total + w));
      diceKnown = Math.max(diceKnown, (sharedQ + Math.min(sharedF, w)) / (known + w));
      if (w > 0) recall = Math.max(recall, Math.min(sharedF, w) / w);
    }
    shared(slots, item.key);
    const key = sharedQ / total;
    const keyKnown = sharedQ / known;
    const evidence = sharedQ / maxIdf;
    shared(slots, item.summary);
    const summary = sharedQ / total;
    shared(slots, item.all);
    return {
      id: item.entry.id,
      dice,
      recall,
      key,
      summary,
      all: sharedQ / total,
      evidence,
      diceKnown,
      keyKnown,
      allKnown: sharedQ / known,
      unknownShare: 1 - known / total,
    };
  };

  return {
    size: indexed.length,
    features(question: string): MatchFeatures[] {
      const slots = slotsOf(question);
      const total = slots.reduce((sum, s) => sum + s.weight, 0);
      if (total === 0) return [];
      return indexed.map((item) => featuresOf(item, slots, total)).filter((f) => f.all > 0);
    },
    search(question: string): SearchOutcome {
      const slots = slotsOf(question);
      const total = slots.reduce((sum, s) => sum + s.weight, 0);
      if (total === 0) return { decision: 'none', results: [] };
      query++;
      const candidates: number[] = [];
      const touch = (i: number): void => {
        if (touchedAt[i] === query) return;
        touchedAt[i] = query;
        candidates.push(i);
        boundQ[i] = 0;
        boundF[i] = 0;
        boundAll[i] = 0;
      };
      for (const s of slots) {
        stamp++;
        const keyStamp = stamp;
        for (const o of s.options)
          for (const t of o.tokens)
            for (const i of keyPostings.get(t) ?? []) {
              if (seenBySlot[i] === keyStamp) continue;
              seenBySlot[i] = keyStamp;
              touch(i);
              boundQ[i] += s.weight;
              boundF[i] += s.maxF;
              boundAll[i] += s.weight;
            }
        // A slot met in the key words is already counted in the whole-text bound.
        for (const o of s.options)
          for (const t of o.tokens)
            for (const i of bodyPostings.get(t) ?? []) {
              if (seenBySlot[i] === keyStamp) continue;
              seenBySlot[i] = keyStamp;
              touch(i);
              boundAll[i] += s.weight;
            }
      }
      // Score candidates from the highest bound down, and stop once no bound can reach the current
      // third best: at 10,000 entries this scores a few hundred entries instead of thousands.
      const bound = (i: number): number => {
        const dice = (boundQ[i] + boundF[i]) / (total + boundF[i]);
        const recall = boundF[i] > 0 ? 1 : 0;
        return combine(dice, Math.min(1, boundQ[i] / total), Math.min(1, boundAll[i] / total), recall);
      };
      const bounds = candidates.map((i) => ({ i, ub: bound(i) })).sort((a, b) => b.ub - a.ub);
      const best: SearchResult[] = [];
      for (const { i, ub } of bounds) {
        if (best.length === 3 && ub < best[2].score - 0.0005) break;
        const score = round(scoreEntry(indexed[i], slots, total));
        if (score <= 0) continue;
        best.push({ entry: indexed[i].entry, score });
        best.sort((a, b) => b.score - a.score || a.entry.id.localeCompare(b.entry.id));
        if (best.length > 3) best.pop();
      }
      return { decision: decide(best), results: best };
    },
  };
}

function decide(results: readonly SearchResult[]): Decision {
  const top = results[0]?.score ?? 0;
  const second = results[1]?.score ?? 0;
  if (top >= THRESHOLDS.sure && top - second >= 0.01) return 'answer';
  if (top >= THRESHOLDS.answer && top - second >= THRESHOLDS.margin) return 'answer';
  if (top >= THRESHOLDS.suggest) return 'suggest';
  return 'none';
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
