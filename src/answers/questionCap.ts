/**
 * Bounds the work a question can cause: search and signposting read at most the first
 * MAX_QUESTION_CHARS characters (a partner's question is a sentence or two; a pasted report is
 * not a question, and 28 KB of words held the event loop for 0.3 s). Pure, so any caller (the
 * bot, the ask tool) can apply the same cap and say so.
 */
export const MAX_QUESTION_CHARS = 1000;

/** What the bot says when it read only the start of a message. */
export const ONLY_THE_START_READ = `Your message was long, so only the start was read (the first ${MAX_QUESTION_CHARS.toLocaleString('en-GB')} characters).`;

export interface CappedQuestion {
  text: string;
  /** True when the text was cut; the reply should then say only the start was read. */
  truncated: boolean;
}

/**
 * The text, or its start: cut at the last space within the limit (so no word is half read) unless
 * that would lose more than a fifth of it, and never between the halves of a surrogate pair.
 */
export function capQuestion(text: string, maxChars = MAX_QUESTION_CHARS): CappedQuestion {
  if (text.length <= maxChars) return { text, truncated: false };
  let end = maxChars;
  const space = text.lastIndexOf(' ', maxChars);
  if (space > maxChars * 0.8) end = space;
  else if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return { text: text.slice(0, end).trimEnd(), truncated: true };
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
