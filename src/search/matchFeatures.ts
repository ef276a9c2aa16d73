import type { IndexedEntry } from './entryIndex';
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

/** How far a set of words meets the question. */
interface Coverage {
  /** Question side: the weight of the question met. */
  question: number;
  /** Document side: the weight of the set's words that meet it. */
  found: number;
}

function coverage(slots: readonly Slot[], set: ReadonlySet<string>): Coverage {
  let question = 0;
  let found = 0;
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
    question += s.weight * bestQ;
    found += bestF;
  }
  return { question, found };
}

/** Whether any word that can meet the slot is in the set. */
function reaches(s: Slot, set: ReadonlySet<string>): boolean {
  // Plain loops, not closures: this runs for every slot of every candidate of every question.
  for (const o of s.options) for (let k = 0; k < o.tokens.length; k++) if (set.has(o.tokens[k])) return true;
  return false;
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
  // Every set measured below is part of the entry's whole text, and a slot none of whose words is
  // there adds nothing to any of them: measuring only the slots that reach it gives the same
  // features for much less work.
  const inAll = slots.filter((s) => reaches(s, item.all));
  const inKey = inAll.filter((s) => reaches(s, item.key));
  let dice = 0;
  let diceKnown = 0;
  let recall = 0;
  let titleDice = 0;
  let phraseCover = 0;
  for (let j = 0; j < item.phrasings.length; j++) {
    const c = coverage(inKey, item.phrasings[j]);
    const w = item.phrasingWeights[j];
    const d = (c.question + Math.min(c.found, w)) / (total + w);
    if (j === 0) titleDice = d;
    dice = Math.max(dice, d);
    diceKnown = Math.max(diceKnown, (c.question + Math.min(c.found, w)) / (known + w));
    phraseCover = Math.max(phraseCover, c.question / known);
    if (w > 0) recall = Math.max(recall, Math.min(c.found, w) / w);
  }
  // One pass over the slots gives the key-field coverage and which slots the key words meet.
  let keyQ = 0;
  let rarest = 0;
  let met = 0;
  for (const slot of inKey) {
    const c = coverage([slot], item.key);
    keyQ += c.question;
    if (c.question > 0) {
      met++;
      rarest = Math.max(rarest, slot.weight / rarestWeight);
    }
  }
  const allQ = coverage(inAll, item.all).question;
  return {
    id: item.entry.id,
    dice,
    recall,
    key: keyQ / total,
    summary: coverage(inAll, item.summary).question / total,
    all: allQ / total,
    evidence: keyQ / rarestWeight,
    diceKnown,
    keyKnown: keyQ / known,
    allKnown: allQ / known,
    titleDice,
    phraseCover,
    rarest,
    bigram: pairs.length === 0 ? 0 : pairs.filter((b) => item.bigrams.has(b)).length / pairs.length,
    slotsMet: knownSlots === 0 ? 0 : met / knownSlots,
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
