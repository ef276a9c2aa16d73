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
  /** Title and each alternative question as token sets. */
  phrasings: Set<string>[];
  key: Set<string>;
  all: Set<string>;
}

interface Met {
  q: number;
  f: number;
}

const NOT_MET: Met = { q: 0, f: 0 };
const better = (a: Met, b: Met): Met => (b.q > a.q ? b : a);

interface Slot {
  /** What the slot adds to the question's total weight. */
  weight: number;
  /** Known words that can meet it, for finding candidate entries. */
  tokens: string[];
  /**
   * How a set of words meets it: `q`, the share of the slot met, in [0, 1]; `f`, the weight of the
   * set's own words that met it. Dice needs both sides so a synonym cannot score above 1.
   */
  met(set: Set<string>): Met;
}

export interface SearchIndex {
  search(question: string): SearchOutcome;
  readonly size: number;
}

/** Synonym groups: every phrase in a group can stand for the others. */
export type SynonymGroups = readonly (readonly string[])[];

export function buildSearchIndex(
  entries: readonly KnowledgeEntry[],
  synonyms: SynonymGroups = [],
): SearchIndex {
  const indexed: IndexedEntry[] = entries.map((entry) => {
    const phrasings = [entry.title, ...entry.questions].map((q) => new Set(tokens(q)));
    const key = new Set([...phrasings.flatMap((p) => [...p]), ...entry.tags.flatMap(tokens)]);
    const all = new Set([...key, ...tokens(entry.summary), ...tokens(entry.body)]);
    return { entry, phrasings, key, all };
  });

  // Document frequency over whole entries gives each word its weight: rare words decide.
  const df = new Map<string, number>();
  const postings = new Map<string, number[]>();
  indexed.forEach((item, i) => {
    for (const t of item.all) {
      df.set(t, (df.get(t) ?? 0) + 1);
      const list = postings.get(t);
      if (list) list.push(i);
      else postings.set(t, [i]);
    }
  });
  const n = Math.max(1, indexed.length);
  const idf = (t: string): number => Math.log(1 + n / (df.get(t) ?? 0.5));
  const unknownWeight = Math.log(1 + n / 0.5);
  const vocabulary = [...df.keys()];
  // Fuse runs over the vocabulary (a few thousand short words), not over whole entries: it only
  // has to turn a misspelt word into known ones.
  const fuse = new Fuse(vocabulary, { includeScore: true, threshold: THRESHOLDS.typo, ignoreLocation: true });

  const synonymPhrases = synonyms.map((group) =>
    group.map((p) => ({
      words: words(p).join(' '),
      tokens: [...new Set(tokens(p))].filter((t) => df.has(t)),
    })),
  );

  /** How far a set holds a phrase's words, scaled by `factor` (1 typed, less for a synonym). */
  const phraseMet = (list: readonly string[], set: Set<string>, factor: number): Met => {
    let have = 0;
    let all = 0;
    for (const t of list) {
      const w = idf(t);
      all += w;
      if (set.has(t)) have += w;
    }
    return all === 0 ? NOT_MET : { q: (factor * have) / all, f: factor * have };
  };

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
        (p) => p.words !== '' && p.tokens.length > 0 && phrase.includes(` ${p.words} `),
      );
      if (!found?.tokens.every((t) => typed.has(t))) continue;
      for (const t of found.tokens) typed.delete(t);
      const others = group.filter((p) => p !== found && p.tokens.length > 0);
      slots.push({
        weight: found.tokens.reduce((sum, t) => sum + idf(t), 0),
        tokens: [...new Set([...found.tokens, ...others.flatMap((p) => p.tokens)])],
        met: (set) =>
          others.reduce(
            (best, p) => better(best, phraseMet(p.tokens, set, THRESHOLDS.synonym)),
            phraseMet(found.tokens, set, 1),
          ),
      });
    }
    for (const t of typed) {
      if (df.has(t)) {
        const w = idf(t);
        slots.push({ weight: w, tokens: [t], met: (set) => (set.has(t) ? { q: 1, f: w } : NOT_MET) });
        continue;
      }
      const hits =
        t.length >= 5 && !/\d/.test(t)
          ? fuse.search(t, { limit: 2 }).filter((h) => (h.score ?? 1) <= THRESHOLDS.typo)
          : [];
      if (hits.length > 0) {
        // The typed word weighs what its best correction weighs; a closer correction earns more of it.
        slots.push({
          weight: idf(hits[0].item),
          tokens: hits.map((h) => h.item),
          met: (set) =>
            hits.reduce((best, h) => {
              const closeness = 1 - (h.score ?? 0);
              return set.has(h.item) ? better(best, { q: closeness, f: closeness * idf(h.item) }) : best;
            }, NOT_MET),
        });
        continue;
      }
      // An unknown word weighs as much as the rarest known one: off-topic questions stay low.
      slots.push({ weight: unknownWeight, tokens: [], met: () => NOT_MET });
    }
    return slots;
  };

  const setWeight = (set: Set<string>): number => {
    let s = 0;
    for (const t of set) s += idf(t);
    return s;
  };
  const phrasingWeights = indexed.map((item) => item.phrasings.map(setWeight));

  const scoreEntry = (i: number, slots: readonly Slot[], total: number): number => {
    const item = indexed[i];
    const shared = (set: Set<string>): { q: number; f: number } => {
      let q = 0;
      let f = 0;
      for (const slot of slots) {
        const met = slot.met(set);
        q += slot.weight * met.q;
        f += met.f;
      }
      return { q, f };
    };
    // How closely the question matches one phrasing (weighted Dice): rewards saying the same thing.
    let dice = 0;
    item.phrasings.forEach((p, j) => {
      const met = shared(p);
      dice = Math.max(
        dice,
        (met.q + Math.min(met.f, phrasingWeights[i][j])) / (total + phrasingWeights[i][j]),
      );
    });
    // How much of the question the entry's key words, and its whole text, cover: helps long and
    // one-word questions, with Dice breaking ties between entries that cover it equally.
    const key = shared(item.key).q / total;
    const all = shared(item.all).q / total;
    return Math.min(1, Math.max(dice, 0.55 * key + 0.35 * dice, 0.45 * all + 0.2 * dice));
  };

  return {
    size: indexed.length,
    search(question: string): SearchOutcome {
      const slots = slotsOf(question);
      const total = slots.reduce((sum, s) => sum + s.weight, 0);
      if (total === 0) return { decision: 'none', results: [] };
      const candidates = new Set<number>();
      for (const slot of slots)
        for (const t of slot.tokens) for (const i of postings.get(t) ?? []) candidates.add(i);
      const scored = [...candidates]
        .map((i) => ({ entry: indexed[i].entry, score: round(scoreEntry(i, slots, total)) }))
        .filter((r) => r.score > 0)
        .sort((a, b) => b.score - a.score || a.entry.id.localeCompare(b.entry.id))
        .slice(0, 3);
      return { decision: decide(scored), results: scored };
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
