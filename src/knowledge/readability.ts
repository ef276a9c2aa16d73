/**
 * Flesch reading ease (206.835 - 1.015 x words per sentence - 84.6 x syllables per word): about
 * 60-70 is plain English, under 30 is "very difficult" (graduate level). Syllables are counted by
 * vowel groups, which is close enough to rank summaries against each other.
 */
export function syllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w === '') return 0;
  if (w.length <= 3) return 1;
  const trimmed = w.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, '').replace(/^y/, '');
  const groups = trimmed.match(/[aeiouy]{1,2}/g);
  return Math.max(1, groups?.length ?? 1);
}

export function fleschReadingEase(text: string): number {
  const sentences = Math.max(1, text.split(/[.!?]+(?:\s|$)/).filter((s) => s.trim() !== '').length);
  const words = text.split(/\s+/).filter((w) => /[a-z]/i.test(w));
  if (words.length === 0) return 100;
  const syl = words.reduce((sum, w) => sum + syllables(w), 0);
  return 206.835 - 1.015 * (words.length / sentences) - 84.6 * (syl / words.length);
}

/**
 * Summaries scoring below this get a warning. The first 40 shipped summaries, written for plain
 * English, scored 31-80; a test summary of one long sentence of policy terms scores under 0.
 * Health-equity vocabulary ("inequalities", "determinants") costs points no rewording can win back,
 * so the bar sits below the 60 of general plain-English guidance.
 */
export const MIN_READING_EASE = 25;
