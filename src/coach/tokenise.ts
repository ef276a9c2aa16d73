/** A word of a draft: lower-cased for matching, with where it sits in the original text. */
export interface Token {
  /** Lower case, curly apostrophes made straight. */
  norm: string;
  start: number;
  end: number;
  /** Index of the sentence it is in: a new one starts after . ! ? ; : … or a line break. */
  sentence: number;
  /** Starts with a digit: 36, 9.7, 1,200, 2022, 36%. */
  isNumber: boolean;
  /** A number followed directly by %. */
  isPercent: boolean;
}

const NON_ASCII_WORD = /[\p{L}\p{N}\p{M}]/u;

function isWordChar(code: number, ch: string): boolean {
  if (code < 128)
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return NON_ASCII_WORD.test(ch);
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;
const isApostrophe = (ch: string): boolean => ch === "'" || ch === '\u2019' || ch === '\u2018';
const isSentenceBreak = (ch: string): boolean =>
  ch === '.' || ch === '!' || ch === '?' || ch === ';' || ch === ':' || ch === '\n' || ch === '\u2026';

/**
 * Splits text into words in one pass, never looking back: linear in the length of the text.
 * Hyphens and other punctuation separate words ("hard-to-reach" is three words), apostrophes
 * inside a word stay ("can't"), and a number keeps its decimal point, thousands comma and %.
 */
export function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let sentence = 0;
  let pendingBreak = false;
  let i = 0;
  while (i < n) {
    const ch = text[i];
    const code = text.charCodeAt(i);
    if (!isWordChar(code, ch)) {
      if (isSentenceBreak(ch)) pendingBreak = true;
      i++;
      continue;
    }
    if (pendingBreak && tokens.length > 0) sentence++;
    pendingBreak = false;
    const start = i;
    const isNumber = isDigit(code);
    let norm = '';
    while (i < n) {
      const c = text[i];
      const cc = text.charCodeAt(i);
      if (isWordChar(cc, c)) {
        norm += c;
        i++;
      } else if (isApostrophe(c) && i + 1 < n && isWordChar(text.charCodeAt(i + 1), text[i + 1])) {
        norm += "'";
        i++;
      } else if (
        isNumber &&
        (c === '.' || c === ',') &&
        i + 1 < n &&
        isDigit(text.charCodeAt(i + 1)) &&
        isDigit(text.charCodeAt(i - 1))
      ) {
        norm += c;
        i++;
      } else break;
    }
    let isPercent = false;
    if (isNumber && text[i] === '%') {
      norm += '%';
      isPercent = true;
      i++;
    }
    tokens.push({ norm: norm.toLowerCase(), start, end: i, sentence, isNumber, isPercent });
  }
  return tokens;
}
