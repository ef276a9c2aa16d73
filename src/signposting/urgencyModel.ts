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
}

/** Smoothing for words seen in only one class, so no single word decides alone. */
const SMOOTHING = 0.5;

function features(text: string): Set<string> {
  const words = patternWords(text);
  const out = new Set(words);
  for (let i = 0; i + 1 < words.length; i++) out.add(`${words[i]} ${words[i + 1]}`);
  return out;
}

export function trainUrgencyModel(examples: readonly UrgencyExample[]): UrgencyModel {
  const urgentCounts = new Map<string, number>();
  const otherCounts = new Map<string, number>();
  let urgent = 0;
  let other = 0;
  for (const e of examples) {
    const counts = e.urgent ? urgentCounts : otherCounts;
    if (e.urgent) urgent++;
    else other++;
    for (const f of features(e.text)) counts.set(f, (counts.get(f) ?? 0) + 1);
  }
  const weights = new Map<string, number>();
  for (const f of new Set([...urgentCounts.keys(), ...otherCounts.keys()])) {
    const pu = ((urgentCounts.get(f) ?? 0) + SMOOTHING) / (urgent + 2 * SMOOTHING);
    const po = ((otherCounts.get(f) ?? 0) + SMOOTHING) / (other + 2 * SMOOTHING);
    weights.set(f, Math.log(pu) - Math.log(po));
  }
  const prior = urgent > 0 && other > 0 ? Math.log(urgent / other) : 0;
  return {
    score(sentences: readonly string[]): number {
      let best = Number.NEGATIVE_INFINITY;
      for (const sentence of sentences) {
        const fs = features(sentence);
        if (fs.size === 0) continue;
        let x = prior;
        for (const f of fs) x += weights.get(f) ?? 0;
        if (x > best) best = x;
      }
      return best;
    },
  };
}
