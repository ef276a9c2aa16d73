import type { SourceRef } from '../knowledge/contentFile';

/** A question for a QI team, with why it helps, an example and the entry that explains the tool. */
export interface QiPrompt {
  id: string;
  /** Id of the topic (its file name in knowledge/prompts/). */
  topic: string;
  question: string;
  why: string;
  example: string;
  /** Knowledge entry id for the card's "Learn more" button. */
  ask: string;
  /** Where its "why" comes from: its own `source:`, else its entry's, the file's, the file's entry's. */
  source: SourceRef;
}

/** One file of knowledge/prompts/: a stage of the PDSA cycle, a tool, the measures or the equity lens. */
export interface QiTopic {
  id: string;
  /** Shown above the question, for example "PDSA: Study". */
  title: string;
  /** What people type after `qi` to get this topic, normalised ("fishbone", "5 whys"). */
  words: string[];
  /** The topic "Next stage" leads to, if any. */
  next?: string;
  prompts: QiPrompt[];
}

/** The scope of a card's "Another one": a topic id, or every prompt. */
export const ALL_TOPICS = 'all';

export interface QiPrompts {
  readonly topics: readonly QiTopic[];
  readonly all: readonly QiPrompt[];
  topic(id: string): QiTopic | undefined;
  prompt(id: string): QiPrompt | undefined;
  /** The topic the words after `qi` name, or undefined. */
  topicFor(words: string): QiTopic | undefined;
  /** The prompt after `current` in the scope, wrapping round: never `current` itself. */
  after(scope: string, current: string): QiPrompt;
}

/** How the words after `qi` are compared: lower case, punctuation and spacing ignored. */
export const normaliseTopicWords = (words: string): string =>
  words
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** Builds the look-ups; the loader has already checked ids, words and sizes. */
export function buildQiPrompts(topics: readonly QiTopic[]): QiPrompts {
  const all = topics.flatMap((t) => t.prompts);
  const byId = new Map(all.map((p) => [p.id, p]));
  const topicById = new Map(topics.map((t) => [t.id, t]));
  const byWords = new Map<string, QiTopic>();
  for (const topic of topics) for (const w of topic.words) byWords.set(normaliseTopicWords(w), topic);
  const scopeOf = (scope: string): readonly QiPrompt[] => topicById.get(scope)?.prompts ?? all;
  return {
    topics,
    all,
    topic: (id) => topicById.get(id),
    prompt: (id) => byId.get(id),
    topicFor: (words) => byWords.get(normaliseTopicWords(words)),
    after(scope, current) {
      const list = scopeOf(scope);
      const at = list.findIndex((p) => p.id === current);
      // An unknown id (content changed since the card was sent) starts the scope again.
      return at === -1 ? list[0] : list[(at + 1) % list.length];
    },
  };
}
