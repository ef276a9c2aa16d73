import { patternWords } from './wordPatterns';

/** A labelled message of knowledge/signposting-examples.jsonl. */
export interface UrgencyExample {
  text: string;
  urgent: boolean;
}

/**
 * How strongly a sentence reads like someone in difficulty, learnt from labelled messages: naive
 * Bayes over the words and word pairs of each message, as log-odds. The patterns catch what their
 * writers foresaw; this catches the many other ways people describe danger, because it weighs every
 * word ("sweating", "rouse", "railing") against how partners write about the same subjects at work.
 */
export interface UrgencyModel {
  /** The highest log-odds of any sentence of the text (higher is more likely urgent). */
  score(sentences: readonly string[]): number;
  /** The same, for sentences already read into features with the model's vocabulary. */
  scoreFeatures(sentences: readonly SentenceFeatures[]): number;
}

/** Smoothing for words seen in only one class, so no single word decides alone. */
const SMOOTHING = 0.5;

/**
 * How unseen words are smoothed: `equal` gives each class the same pseudo-count; `proportional`
 * gives the urgent class a quarter of a message and the other class as much more as it has more
 * messages, so a word unseen in both has the same rate in each. Equal counts weigh a rare word
 * towards the smaller class: once everyday messages outnumber the urgent ones, each rare word of a
 * long ordinary message ("sourdough", "hutch") adds a little urgency, and read whole, long small
 * talk adds up to the card. Short readings (a sentence, a window) are calibrated on equal counts.
 */
export type Smoothing = 'equal' | 'proportional';
const PROPORTIONAL_SMOOTHING = 0.25;

/** The words and neighbouring word pairs of one sentence's words (patternWords), as the model reads them. */
export function featuresOf(words: readonly string[]): Set<string> {
  const out = new Set(words);
  for (let i = 0; i + 1 < words.length; i++) out.add(`${words[i]} ${words[i + 1]}`);
  return out;
}

/**
 * Numbers for features, shared by the models of one signposter: a sentence is read into numbers once
 * and each model adds up its weights from an array, where each model looking every feature up in
 * its own map of strings took most of their time (and four such maps most of their memory).
 */
export class FeatureVocabulary {
  private readonly ids = new Map<string, number>();

  get size(): number {
    return this.ids.size;
  }

  idOf(feature: string): number {
    let id = this.ids.get(feature);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(feature, id);
    }
    return id;
  }

  /** A sentence's features (featuresOf) as numbers, in their order; features no model knows are left out. */
  read(words: readonly string[]): SentenceFeatures {
    const features = featuresOf(words);
    const ids: number[] = [];
    for (const f of features) {
      const id = this.ids.get(f);
      if (id !== undefined) ids.push(id);
    }
    return { ids, size: features.size };
  }
}

/** One sentence read by a FeatureVocabulary: its known features' numbers, and how many it had in all. */
export interface SentenceFeatures {
  ids: readonly number[];
  size: number;
}

/** How often each word and word pair occurs in the urgent examples and in the others. */
export interface FeatureCounts {
  urgentCounts: ReadonlyMap<string, number>;
  otherCounts: ReadonlyMap<string, number>;
  urgent: number;
  other: number;
}

export function countFeatures(examples: readonly UrgencyExample[]): FeatureCounts {
  const urgentCounts = new Map<string, number>();
  const otherCounts = new Map<string, number>();
  let urgent = 0;
  let other = 0;
  for (const e of examples) {
    const counts = e.urgent ? urgentCounts : otherCounts;
    if (e.urgent) urgent++;
    else other++;
    for (const f of featuresOf(patternWords(e.text))) counts.set(f, (counts.get(f) ?? 0) + 1);
  }
  return { urgentCounts, otherCounts, urgent, other };
}

/**
 * A model from counted examples, its features numbered in `vocabulary` (give the same one to models
 * that read the same sentences).
 */
export function urgencyModelFrom(
  { urgentCounts, otherCounts, urgent, other }: FeatureCounts,
  smoothing: Smoothing = 'equal',
  vocabulary = new FeatureVocabulary(),
): UrgencyModel {
  const proportional = smoothing === 'proportional' && urgent > 0 && other > 0;
  const su = proportional ? PROPORTIONAL_SMOOTHING : SMOOTHING;
  const so = proportional ? (PROPORTIONAL_SMOOTHING * other) / urgent : SMOOTHING;
  const features = new Set([...urgentCounts.keys(), ...otherCounts.keys()]);
  for (const f of features) vocabulary.idOf(f);
  // Features numbered later, by other models, are past the end: they weigh 0 here, as unseen ones do.
  const weights = new Float64Array(vocabulary.size);
  for (const f of features) {
    const pu = ((urgentCounts.get(f) ?? 0) + su) / (urgent + 2 * su);
    const po = ((otherCounts.get(f) ?? 0) + so) / (other + 2 * so);
    weights[vocabulary.idOf(f)] = Math.log(pu) - Math.log(po);
  }
  const prior = urgent > 0 && other > 0 ? Math.log(urgent / other) : 0;
  const scoreFeatures = (sentences: readonly SentenceFeatures[]): number => {
    let best = Number.NEGATIVE_INFINITY;
    for (const { ids, size } of sentences) {
      if (size === 0) continue;
      let x = prior;
      for (const id of ids) if (id < weights.length) x += weights[id];
      if (x > best) best = x;
    }
    return best;
  };
  return {
    scoreFeatures,
    score: (sentences) => scoreFeatures(sentences.map((s) => vocabulary.read(patternWords(s)))),
  };
}

export function trainUrgencyModel(
  examples: readonly UrgencyExample[],
  vocabulary = new FeatureVocabulary(),
): UrgencyModel {
  return urgencyModelFrom(countFeatures(examples), 'equal', vocabulary);
}
