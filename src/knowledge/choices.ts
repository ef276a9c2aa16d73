import type { AskChoice } from '../cards/cardTypes';
import type { KnowledgeEntry } from './entry';

/** An entry as a button that asks for it: its first question, or its title. */
export const choiceFor = (entry: KnowledgeEntry): AskChoice => ({
  id: entry.id,
  question: entry.questions[0] ?? entry.title,
});

/**
 * A "Learn more" button for an entry id. It reads best as a question, and entries also list bare
 * key words, so the first question ending in "?" is chosen. Ids come from content the loader
 * checked; an unknown one still makes a button, which answers "no answer yet".
 */
export const learnMoreChoice =
  (byId: ReadonlyMap<string, KnowledgeEntry>) =>
  (id: string): AskChoice => {
    const entry = byId.get(id);
    if (!entry) return { id, question: id };
    return { id: entry.id, question: entry.questions.find((q) => q.endsWith('?')) ?? entry.title };
  };
