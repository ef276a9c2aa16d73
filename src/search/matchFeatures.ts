import { IN_ALL, IN_KEY, IN_SUMMARY, type IndexedEntry } from './entryIndex';
import type { QuestionSlots, Slot } from './questionSlots';
import { type Postings, type QuestionTable, questionTable } from './questionTable';

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

/**
 * A list of indexes emptied by resetting its count: emptying an array by setting its length to 0
 * gives back its storage, so the next call allocated it again (a candidate at a time).
 */
class IndexList {
  items = new Int32Array(64);
  count = 0;
  push(j: number): void {
    if (this.count === this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.count++] = j;
  }
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
  /** The slots (by index) some key word can meet, in question order: the only ones a phrasing can meet. */
  inKey: IndexList;
}

/** fieldCoverage's answer, overwritten by each call: it is read before the next. */
const coverage: FieldCoverage = {
  key: 0,
  summary: 0,
  all: 0,
  keySlots: 0,
  heaviestKeySlot: 0,
  inKey: new IndexList(),
};

/**
 * How far candidate `c`'s fields (key words, summary, whole text) meet the slots, in one pass: each
 * slot counts its best option, the share of the option's words present times the option's factor.
 * A slot that meets nothing adds exactly 0, so no slot needs filtering first.
 */
function fieldCoverage(slots: readonly Slot[], table: QuestionTable, c: number): FieldCoverage {
  const out = coverage;
  out.key = 0;
  out.summary = 0;
  out.all = 0;
  out.keySlots = 0;
  out.heaviestKeySlot = 0;
  out.inKey.count = 0;
  const { columns, width, flags: cells } = table;
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i];
    let bestKey = 0;
    let bestSummary = 0;
    let bestAll = 0;
    let reached = 0;
    for (let j = 0; j < s.options.length; j++) {
      const o = s.options[j];
      const column = columns[i][j];
      let haveKey = 0;
      let haveSummary = 0;
      let haveAll = 0;
      for (let k = 0; k < o.tokens.length; k++) {
        const flags = cells[column[k] * width + c];
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
    if (reached & IN_KEY) out.inKey.push(i);
    if (keyShare > 0) {
      out.keySlots++;
      out.heaviestKeySlot = Math.max(out.heaviestKeySlot, s.weight);
    }
  }
  return out;
}

/**
 * Per-phrasing working space of phrasingCoverage, grown to the most phrasings seen; reused by every
 * call. Only the phrasings the last call reached are non-zero, and each call first clears those.
 */
let space = newSpace(1);

function newSpace(n: number) {
  return {
    question: new Float64Array(n),
    found: new Float64Array(n),
    bestQ: new Float64Array(n),
    bestF: new Float64Array(n),
    have: new Float64Array(n),
    marked: new Uint8Array(n),
    reached: new Uint8Array(n),
  };
}

/** The phrasings one option's words reach, those one slot's options reach, and all the call reached. */
const reachedByOption = new IndexList();
const reachedBySlot = new IndexList();
const reachedByCandidate = new IndexList();

/**
 * fieldCoverage against each phrasing (title, then each question) at once, by phrasing index:
 * `question` as there, and `found`, the weight of the phrasing's words that meet it. A word is
 * looked up once for all phrasings rather than once per phrasing, and only the phrasings a word
 * reaches are visited: this runs for every candidate, and an entry can have forty phrasings.
 * `reached` lists the phrasings it met; every other phrasing has `question` and `found` 0. The
 * arrays returned are overwritten by the next call.
 */
function phrasingCoverage(
  slots: readonly Slot[],
  inKey: IndexList,
  item: IndexedEntry,
  table: QuestionTable,
  c: number,
): { question: Float64Array; found: Float64Array; reached: IndexList } {
  const n = item.phrasingCount;
  if (space.have.length < n) space = newSpace(n);
  const { question, found, bestQ, bestF, have, marked, reached } = space;
  for (let r = 0; r < reachedByCandidate.count; r++) {
    const j = reachedByCandidate.items[r];
    question[j] = 0;
    found[j] = 0;
    reached[j] = 0;
  }
  reachedByCandidate.count = 0;
  const { columns, width, phrasings } = table;
  for (let r = 0; r < inKey.count; r++) {
    const i = inKey.items[r];
    const s = slots[i];
    for (let m = 0; m < s.options.length; m++) {
      const o = s.options[m];
      const column = columns[i][m];
      for (let k = 0; k < o.tokens.length; k++) {
        const packed = phrasings[column[k] * width + c];
        if (packed === 0) continue;
        // Unpacked as TokenPosting.phrasings says.
        const start = Math.floor(packed / 65536);
        const end = start + (packed % 65536);
        for (let h = start; h < end; h++) {
          const j = item.holders[h];
          if (have[j] === 0) reachedByOption.push(j);
          have[j] += o.weights[k];
        }
      }
      if (o.total !== 0) {
        for (let r = 0; r < reachedByOption.count; r++) {
          const j = reachedByOption.items[r];
          if (marked[j] === 0) {
            marked[j] = 1;
            reachedBySlot.push(j);
          }
          const q = (o.factor * have[j]) / o.total;
          if (q > bestQ[j]) {
            bestQ[j] = q;
            bestF[j] = o.factor * have[j];
          }
        }
      }
      for (let r = 0; r < reachedByOption.count; r++) have[reachedByOption.items[r]] = 0;
      reachedByOption.count = 0;
    }
    // A phrasing no option reached would add exactly 0.
    for (let r = 0; r < reachedBySlot.count; r++) {
      const j = reachedBySlot.items[r];
      if (reached[j] === 0) {
        reached[j] = 1;
        reachedByCandidate.push(j);
      }
      question[j] += s.weight * bestQ[j];
      found[j] += bestF[j];
      bestQ[j] = 0;
      bestF[j] = 0;
      marked[j] = 0;
    }
    reachedBySlot.count = 0;
  }
  return { question, found, reached: reachedByCandidate };
}

/**
 * The two likelihood shares (wordLikelihood.ts) of each candidate, in candidate order, measured among
 * all candidates: arrays rather than an object per candidate, which made garbage on every search.
 */
export interface Likelihoods {
  likelihood: readonly number[];
  exampleLikelihood: readonly number[];
}

/** What measuring the candidates reads of the index. */
export interface MeasuredIndex extends Postings {
  items: readonly IndexedEntry[];
  /** The weight of a word one entry holds: the unit of the evidence and rarest features. */
  rarestWeight: number;
}

/** The features of each candidate (entry indexes), with its likelihoods, in the same order. */
export function measureCandidates(
  index: MeasuredIndex,
  candidates: readonly number[],
  question: QuestionSlots,
  likelihoods: Likelihoods,
): MatchFeatures[] {
  const table = questionTable(question.slots, question.pairs, candidates, index);
  return candidates.map((i, c) =>
    matchFeatures(index.items[i], question, index.rarestWeight, likelihoods, table, c),
  );
}

/** Candidate `c`'s features. */
function matchFeatures(
  item: IndexedEntry,
  question: QuestionSlots,
  rarestWeight: number,
  likelihoods: Likelihoods,
  table: QuestionTable,
  c: number,
): MatchFeatures {
  const { slots, total, known, knownSlots, pairs } = question;
  const fieldsMet = fieldCoverage(slots, table, c);
  let dice = 0;
  let diceKnown = 0;
  let recall = 0;
  let titleDice = 0;
  let phraseCover = 0;
  const byPhrasing = phrasingCoverage(slots, fieldsMet.inKey, item, table, c);
  // A phrasing the question does not reach scores 0 on each measure, which changes no maximum.
  for (let r = 0; r < byPhrasing.reached.count; r++) {
    const j = byPhrasing.reached.items[r];
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
    bigram: pairs.length === 0 ? 0 : table.pairsHeld[c] / pairs.length,
    slotsMet: knownSlots === 0 ? 0 : fieldsMet.keySlots / knownSlots,
    likelihood: likelihoods.likelihood[c],
    exampleLikelihood: likelihoods.exampleLikelihood[c],
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
