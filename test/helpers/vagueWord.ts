import type { SearchIndex } from '../../src/search/searchIndex';

/**
 * One-word questions that fit several entries. Which of them the search reads as vague (asks "Did
 * you mean") moves a little with each retraining; tests of the "Did you mean" flow take the first
 * that is, and fail if none is.
 */
const VAGUE_WORDS = ['data', 'health', 'support', 'training', 'measures', 'equity'];

export function vagueWord(index: SearchIndex): string {
  const word = VAGUE_WORDS.find((w) => index.search(w).decision === 'suggest');
  if (!word) throw new Error(`none of ${VAGUE_WORDS.join(', ')} is read as vague any more`);
  return word;
}
