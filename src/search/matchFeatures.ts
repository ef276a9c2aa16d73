import { IN_ALL, IN_KEY, IN_SUMMARY, type IndexedEntry } from './entryIndex';
import type { QuestionSlots, Slot } from './questionSlots';

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
  /** Dice against the title alone. */
  titleDice: number;
  /** The most of the question that one phrasing covers. */
  phraseCover: number;
  /** Weight of the rarest question word met in key fields, in units of the rarest word's weight. */
  rarest: number;
  /** Share of the question's neighbouring-word pairs found in the title and questions. */
  bigram: number;
  /** Share of the question's known words met in key fields, counted not weighted. */
  slotsMet: number;
  /**
   * How likely the entry's own phrasings make the question's words (naive Bayes over the title and
   * alternative questions), as a share among the candidates. Unlike coverage, a word common to all
   * of an entry's phrasings counts more than one found in a single one.
   */
  likelihood: number;
  /** The same over the title, alternative questions and the entry's practice questions. */
  exampleLikelihood: number;
}

/** What fieldCoverage measures of one candidate. */
interface FieldCoverage {
  /** The weight of the question met by the key words, the summary's and the whole text's. */
  key: number;
  summary: number;
  all: number;
  /** How many slots the key words meet, and the weight of the heaviest of them. */
  keySlots: number;
  heaviestKeySlot: number;
  /** The slots some key word can meet, in question order: the only ones a phrasing can meet. */
  inKey: Slot[];
}

/**
 * How far the entry's fields (key words, summary, whole text) meet the slots, in one pass with one
 * lookup per word: each slot counts its best option, the share of the option's words present times
 * the option's factor. A slot that meets nothing adds exactly 0, so no slot needs filtering first.
 */
function fieldCoverage(slots: readonly Slot[], fields: ReadonlyMap<string, number>): FieldCoverage {
  const out: FieldCoverage = { key: 0, summary: 0, all: 0, keySlots: 0, heaviestKeySlot: 0, inKey: [] };
  for (const s of slots) {
    let bestKey = 0;
    let bestSummary = 0;
    let bestAll = 0;
    let reached = 0;
    for (const o of s.options) {
      let haveKey = 0;
      let haveSummary = 0;
      let haveAll = 0;
      for (let k = 0; k < o.tokens.length; k++) {
        const flags = fields.get(o.tokens[k]) ?? 0;
        reached |= flags;
        if (flags & IN_KEY) haveKey += o.weights[k];
        if (flags & IN_SUMMARY) haveSummary += o.weights[k];
        if (flags & IN_ALL) haveAll += o.weights[k];
      }
      if (o.total === 0) continue;
      bestKey = Math.max(bestKey, (o.factor * haveKey) / o.total);
      bestSummary = Math.max(bestSummary, (o.factor * haveSummary) / o.total);
      bestAll = Math.max(bestAll, (o.factor * haveAll) / o.total);
    }
    if (!(reached & IN_ALL)) continue;
    const keyShare = s.weight * bestKey;
    out.key += keyShare;
    out.summary += s.weight * bestSummary;
    out.all += s.weight * bestAll;
    if (reached & IN_KEY) out.inKey.push(s);
    if (keyShare > 0) {
      out.keySlots++;
      out.heaviestKeySlot = Math.max(out.heaviestKeySlot, s.weight);
    }
  }
  return out;
}

/** Per-phrasing working space of phrasingCoverage, grown to the most phrasings seen; reused by every call. */
let space = { question: [0], found: [0], bestQ: [0], bestF: [0], have: [0] };

/**
 * fieldCoverage against each phrasing (title, then each question) at once, by phrasing index:
 * `question` as there, and `found`, the weight of the phrasing's words that meet it. A word is
 * looked up once for all phrasings rather than once per phrasing: this runs for every candidate.
 * The arrays returned are overwritten by the next call.
 */
function phrasingCoverage(
  slots: readonly Slot[],
  item: IndexedEntry,
): { question: readonly number[]; found: readonly number[] } {
  const n = item.phrasingCount;
  if (space.have.length < n) {
    const fresh = (): number[] => new Array<number>(n).fill(0);
    space = { question: fresh(), found: fresh(), bestQ: fresh(), bestF: fresh(), have: fresh() };
  }
  const { question, found, bestQ, bestF, have } = space;
  for (let j = 0; j < n; j++) {
    question[j] = 0;
    found[j] = 0;
  }
  for (const s of slots) {
    for (let j = 0; j < n; j++) {
      bestQ[j] = 0;
      bestF[j] = 0;
    }
    for (const o of s.options) {
      for (let j = 0; j < n; j++) have[j] = 0;
      for (let k = 0; k < o.tokens.length; k++) {
        const packed = item.phrasingsOf.get(o.tokens[k]);
        if (packed === undefined) continue;
        // Unpacked as IndexedEntry.phrasingsOf says.
        const start = Math.floor(packed / 65536);
        const end = start + (packed % 65536);
        for (let h = start; h < end; h++) have[item.holders[h]] += o.weights[k];
      }
      if (o.total === 0) continue;
      for (let j = 0; j < n; j++) {
        const q = (o.factor * have[j]) / o.total;
        if (q > bestQ[j]) {
          bestQ[j] = q;
          bestF[j] = o.factor * have[j];
        }
      }
    }
    for (let j = 0; j < n; j++) {
      question[j] += s.weight * bestQ[j];
      found[j] += bestF[j];
    }
  }
  return space;
}

/** The two likelihood shares of one candidate (wordLikelihood.ts), measured among all candidates. */
export interface Likelihoods {
  likelihood: number;
  exampleLikelihood: number;
}

/** One candidate's features; `rarestWeight` is the index's weight of a word one entry holds. */
export function matchFeatures(
  item: IndexedEntry,
  question: QuestionSlots,
  rarestWeight: number,
  { likelihood, exampleLikelihood }: Likelihoods,
): MatchFeatures {
  const { slots, total, known, knownSlots, pairs } = question;
  const fieldsMet = fieldCoverage(slots, item.fields);
  let dice = 0;
  let diceKnown = 0;
  let recall = 0;
  let titleDice = 0;
  let phraseCover = 0;
  const byPhrasing = phrasingCoverage(fieldsMet.inKey, item);
  for (let j = 0; j < item.phrasingCount; j++) {
    const question = byPhrasing.question[j];
    const found = byPhrasing.found[j];
    const w = item.phrasingWeights[j];
    const d = (question + Math.min(found, w)) / (total + w);
    if (j === 0) titleDice = d;
    dice = Math.max(dice, d);
    diceKnown = Math.max(diceKnown, (question + Math.min(found, w)) / (known + w));
    phraseCover = Math.max(phraseCover, question / known);
    if (w > 0) recall = Math.max(recall, Math.min(found, w) / w);
  }
  const keyQ = fieldsMet.key;
  const allQ = fieldsMet.all;
  return {
    id: item.entry.id,
    dice,
    recall,
    key: keyQ / total,
    summary: fieldsMet.summary / total,
    all: allQ / total,
    evidence: keyQ / rarestWeight,
    diceKnown,
    keyKnown: keyQ / known,
    allKnown: allQ / known,
    titleDice,
    phraseCover,
    rarest: fieldsMet.heaviestKeySlot / rarestWeight,
    bigram: pairs.length === 0 ? 0 : pairs.filter((b) => item.bigrams.has(b)).length / pairs.length,
    slotsMet: knownSlots === 0 ? 0 : fieldsMet.keySlots / knownSlots,
    likelihood,
    exampleLikelihood,
  };
}

/** The features of an entry the question matches word for word through a stop-word phrasing. */
export const wordForWord = (item: IndexedEntry): MatchFeatures => ({
  id: item.entry.id,
  dice: 1,
  recall: 1,
  key: 1,
  summary: 1,
  all: 1,
  evidence: 1,
  diceKnown: 1,
  keyKnown: 1,
  allKnown: 1,
  titleDice: 0,
  phraseCover: 1,
  rarest: 1,
  bigram: 0,
  slotsMet: 1,
  likelihood: 1,
  exampleLikelihood: 1,
});
