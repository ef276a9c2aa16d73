import type { AskChoice, DigestCardData } from '../cards/cardTypes';
import type { KnowledgeEntry } from '../knowledge/entry';
import { cardReply, type Reply } from '../routing/reply';

/** A digest card stays short: a few lines per section, well under Teams' 40 KB. */
export const MAX_CHANGED = 5;
export const MAX_POPULAR = 3;

/** What the digest shows of a framing tip and of a QI prompt (the features' own types fit). */
export interface TipLine {
  title: string;
  do: string;
}
export interface PromptLine {
  topic: string;
  question: string;
}

export interface DigestInputs {
  /** weekNumber(runAt): picks the principle, tip and prompt, the same for every channel that week. */
  week: number;
  /** "Week beginning 7 December 2026". */
  heading: string;
  /** "This digest comes every Monday at 09:00 (UK time)". */
  schedule: string;
  /** The principle entries, in the order they rotate (knowledge/digest.yaml). */
  principles: readonly KnowledgeEntry[];
  tips: readonly TipLine[];
  prompts: readonly PromptLine[];
  topicOf: (prompt: PromptLine) => { title: string } | undefined;
  entries: readonly KnowledgeEntry[];
  /** Each entry's content hash now. */
  hashes: ReadonlyMap<string, string>;
  /** The hashes at this channel's last digest; undefined for its first, which then lists nothing as new. */
  previousHashes?: Readonly<Record<string, string>>;
  /** How often each entry was answered since the last digest (ids only: no questions, no people). */
  answerCounts: Readonly<Record<string, number>>;
}

const nth = <T>(items: readonly T[], week: number): T =>
  items[((week % items.length) + items.length) % items.length];

const askFor = (entry: KnowledgeEntry): AskChoice => ({
  id: entry.id,
  question: entry.questions.find((q) => q.endsWith('?')) ?? entry.title,
});

/** Pure: the digest card for one channel. */
export function composeDigest(inputs: DigestInputs): Reply {
  const principle = nth(inputs.principles, inputs.week);
  const tip = nth(inputs.tips, inputs.week);
  const prompt = nth(inputs.prompts, inputs.week);
  const changed = changedEntries(inputs).slice(0, MAX_CHANGED).map(askFor);
  const byId = new Map(inputs.entries.map((e) => [e.id, e]));
  const popular = Object.entries(inputs.answerCounts)
    .filter(([id, n]) => n > 0 && byId.has(id))
    // Most first; ties by id so every instance composes the same card.
    .sort(([a, n], [b, m]) => m - n || (a < b ? -1 : 1))
    .slice(0, MAX_POPULAR)
    // A no-break space: on a narrow card "(12 times)" must not break between number and word.
    .map(([id, n]) => ({ ...askFor(byId.get(id)!), times: n === 1 ? 'once' : `${n}\u00a0times` }));
  const data: DigestCardData = {
    heading: inputs.heading,
    principle: {
      id: principle.id,
      title: principle.title,
      summary: principle.summary,
      question: askFor(principle).question,
    },
    tip: { title: tip.title, do: tip.do },
    prompt: { topicTitle: inputs.topicOf(prompt)?.title ?? '', question: prompt.question },
    changed,
    hasChanged: changed.length > 0,
    popular,
    hasPopular: popular.length > 0,
    schedule: inputs.schedule,
  };
  return cardReply('digest', data, `Health equity digest: ${principle.title}`);
}

/** Entries whose hash differs from the last digest's, or that it did not have; newest written first. */
function changedEntries(inputs: DigestInputs): KnowledgeEntry[] {
  const before = inputs.previousHashes;
  if (!before) return [];
  return inputs.entries
    .filter((e) => before[e.id] !== inputs.hashes.get(e.id))
    .sort((a, b) => (a.written === b.written ? (a.id < b.id ? -1 : 1) : a.written < b.written ? 1 : -1));
}
