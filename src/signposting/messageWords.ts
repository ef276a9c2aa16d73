import { patternWords } from './wordPatterns';

/** Sentences, split where a full stop, question mark, semicolon, line break or spaced dash ends one. */
export function sentencesOf(text: string): string[] {
  return text.split(/[.!?;\n\r]+|\s[-\u2013\u2014]+\s/);
}

/** Words in one reading window of a long sentence, and how far the next window starts on. */
const WINDOW_WORDS = 12;
const WINDOW_STEP = 4;

/**
 * Overlapping windows of WINDOW_WORDS words (as typed, between spaces) over each sentence much
 * longer than one window, the last ending at the sentence's end: people often type without full
 * stops, and danger run on into small talk ("can someone send the slides ive said my goodbyes")
 * must not be read only as part of one long sentence about work.
 */
export function windowsOf(sentences: readonly string[]): string[] {
  const out: string[] = [];
  for (const sentence of sentences) {
    const typed = sentence.split(/\s+/).filter((w) => w !== '');
    if (typed.length <= WINDOW_WORDS + WINDOW_STEP) continue;
    for (let i = 0; ; i += WINDOW_STEP) {
      const start = Math.min(i, typed.length - WINDOW_WORDS);
      out.push(typed.slice(start, start + WINDOW_WORDS).join(' '));
      if (start + WINDOW_WORDS >= typed.length) break;
    }
  }
  return out;
}

/** A message read once into the word lists every signposting reading needs. */
export interface MessageWords {
  /** The words of each sentence, as patternWords reads them (empty sentences included). */
  sentences: string[][];
  /** Every word of the message in order, across sentences. */
  all: string[];
  /** The words of each window of the long sentences (windowsOf), worked out on first use. */
  windows(): string[][];
}

export function readMessage(text: string): MessageWords {
  const sentenceTexts = sentencesOf(text);
  const sentences = sentenceTexts.map(patternWords);
  let windows: string[][] | undefined;
  return {
    sentences,
    // Sentence breaks are never letters or digits, so the sentences' words in turn are the message's.
    all: sentences.flat(),
    windows: () => {
      windows ??= windowsOf(sentenceTexts).map(patternWords);
      return windows;
    },
  };
}
