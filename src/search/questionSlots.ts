import { pairsOf, type WordWeights } from './entryIndex';
import { tokens, tokensWithWords, words } from './normalise';
import type { Corrector } from './typoCorrection';

/** Share of a slot earned through a synonym rather than the typed word: typed words still win ties. */
export const SYNONYM_FACTOR = 0.8;

/** Synonym groups: every phrase in a group can stand for the others. */
export type SynonymGroups = readonly (readonly string[])[];

/**
 * One way a slot can be met: all of `tokens` present earns `factor` of the slot. A typed word is one
 * token at factor 1; a typo correction is one token at its closeness; a synonym phrase is several
 * tokens at the synonym factor, earned in proportion to the weight of those present.
 */
export interface Option {
  tokens: string[];
  weights: number[];
  total: number;
  factor: number;
}

export interface Slot {
  /** What the slot adds to the question's total weight. */
  weight: number;
  /** Empty for a word neither the content nor a correction knows. */
  options: Option[];
}

/** A question read against the index. */
export interface QuestionSlots {
  words: string[];
  tokens: string[];
  slots: Slot[];
  /** The slots' summed weight; 0 only when the question has no tokens. */
  total: number;
  /** The weight of the slots something can meet; the total when there are none. */
  known: number;
  knownSlots: number;
  /** The question's tokens with misspelt words replaced by their best correction. */
  readTokens: string[];
  /** The question's word pairs, read the same way. */
  pairs: string[];
}

export interface SynonymPhrase {
  words: string;
  /** `words` with a space either side, as looked for in a question's words joined the same way. */
  padded: string;
  /** The first of `words`: a question without it cannot hold the phrase, a cheap test done first. */
  firstWord: string;
  typedTokens: string[];
  /** The typed tokens the content holds. */
  tokens: string[];
}

/** What the question reader needs from the index. */
export interface SlotContext {
  weights: WordWeights;
  correct: Corrector;
  synonyms: readonly (readonly SynonymPhrase[])[];
}

/**
 * A phrase can be typed even when none of its words is in the content ("swimlane"): it is then met
 * only through the other phrases of its group.
 */
export const synonymPhrases = (groups: SynonymGroups, weights: WordWeights): SynonymPhrase[][] =>
  groups.map((group) =>
    group.map((p) => {
      const typedTokens = [...new Set(tokens(p))];
      const written = words(p);
      return {
        words: written.join(' '),
        padded: ` ${written.join(' ')} `,
        firstWord: written[0] ?? '',
        typedTokens,
        tokens: typedTokens.filter((t) => weights.known(t)),
      };
    }),
  );

/**
 * The synonym groups (by index, in order) holding a phrase that starts with each word: a question
 * tries only the groups of its own words rather than every group. Made once per list of groups.
 */
const groupsByFirstWord = new WeakMap<readonly (readonly SynonymPhrase[])[], Map<string, number[]>>();

function groupsStartingWith(synonyms: readonly (readonly SynonymPhrase[])[]): Map<string, number[]> {
  let index = groupsByFirstWord.get(synonyms);
  if (!index) {
    index = new Map();
    for (let g = 0; g < synonyms.length; g++)
      for (const p of synonyms[g]) {
        const list = index.get(p.firstWord) ?? [];
        if (list[list.length - 1] !== g) list.push(g);
        index.set(p.firstWord, list);
      }
    groupsByFirstWord.set(synonyms, index);
  }
  return index;
}

const option = (list: string[], factor: number, weights: WordWeights): Option => {
  const each = list.map((t) => weights.weight(t));
  return { tokens: list, weights: each, total: each.reduce((a, b) => a + b, 0), factor };
};

/**
 * The question as weighted slots. A slot is one typed word (or a typed synonym phrase); it is met by
 * that word, by a typo correction of it, or by another phrase of its synonym group, and counts at
 * most once, so a question can never score above 1 against an entry.
 */
export function questionSlots(question: string, { weights, correct, synonyms }: SlotContext): QuestionSlots {
  const questionWords = words(question);
  const typedWords = tokensWithWords(questionWords);
  const questionTokens = typedWords.map((t) => t.token);
  // The word as typed behind each token: typo correction compares words as typed.
  const writtenOf = new Map(typedWords.map((t) => [t.token, t.written]));
  const slots: Slot[] = [];
  const typed = new Set(questionTokens);
  const phrase = ` ${questionWords.join(' ')} `;
  const asked = new Set(questionWords);
  const byFirstWord = groupsStartingWith(synonyms);
  // The groups a typed word can start, in the groups' order: the slots come out in that order.
  const reachable = new Set<number>();
  for (const w of asked) for (const g of byFirstWord.get(w) ?? []) reachable.add(g);
  for (const g of [...reachable].sort((a, b) => a - b)) {
    const group = synonyms[g];
    const found = group.find(
      (p) =>
        p.words !== '' && p.typedTokens.length > 0 && asked.has(p.firstWord) && phrase.includes(p.padded),
    );
    if (!found?.typedTokens.every((t) => typed.has(t))) continue;
    for (const t of found.typedTokens) typed.delete(t);
    const others = group.filter((p) => p !== found && p.tokens.length > 0);
    slots.push({
      weight: weights.sum(found.typedTokens),
      options: [
        option(found.typedTokens, 1, weights),
        ...others.map((p) => option(p.tokens, SYNONYM_FACTOR, weights)),
      ],
    });
  }
  for (const t of typed) {
    if (weights.known(t)) {
      slots.push({ weight: weights.weight(t), options: [option([t], 1, weights)] });
      continue;
    }
    const hits = correct(writtenOf.get(t) ?? t);
    // The typed word weighs what its best correction weighs; a closer correction earns more of it.
    slots.push(
      hits.length > 0
        ? {
            weight: weights.weight(hits[0].item),
            options: hits.map((h) => option([h.item], 1 - h.score, weights)),
          }
        : { weight: weights.unknown, options: [] },
    );
  }
  const total = slots.reduce((sum, s) => sum + s.weight, 0);
  const bestGuess = (t: string): string =>
    weights.known(t) ? t : (correct(writtenOf.get(t) ?? t)[0]?.item ?? t);
  const readTokens = questionTokens.map(bestGuess);
  return {
    words: questionWords,
    tokens: questionTokens,
    readTokens,
    slots,
    total,
    known: slots.reduce((sum, s) => sum + (s.options.length > 0 ? s.weight : 0), 0) || total,
    knownSlots: slots.filter((s) => s.options.length > 0).length,
    pairs: pairsOf(readTokens),
  };
}
