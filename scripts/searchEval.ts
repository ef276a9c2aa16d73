import { readFileSync } from 'node:fs';
import type { KnowledgeEntry } from '../src/knowledge/entry';
import type { Knowledge } from '../src/knowledge/loadKnowledge';
import type { Decision } from '../src/search/decision';
import { normaliseText, toBritish } from '../src/search/normalise';

/** One labelled question of the evaluation set: the entry id that must answer it, or "none". */
export interface EvalQuestion {
  question: string;
  expected: string;
}

/** What a system said about one question: its decision and its ranked entry ids. */
export interface SystemAnswer {
  decision: Decision;
  ids: string[];
  ms: number;
}

export interface Metrics {
  questions: number;
  answerable: number;
  top1: number;
  top3: number;
  mrr: number;
  rejection: number;
  confidentWrong: number;
  medianMs: number;
  p99Ms: number;
}

export function readEvalSet(path: string): EvalQuestion[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, n }) => {
      const parsed = JSON.parse(line) as Partial<EvalQuestion>;
      if (typeof parsed.question !== 'string' || typeof parsed.expected !== 'string')
        throw new Error(`${path}:${n}: each line needs "question" and "expected"`);
      return { question: parsed.question, expected: parsed.expected };
    });
}

/** A question as compared for sameness: case, punctuation and spelling normalised. */
export const canonicalQuestion = (text: string): string =>
  normaliseText(text).split(' ').map(toBritish).join(' ');

/**
 * Questions that would make the set too easy: after normalising, equal to or contained in a title,
 * an alternative question, a practice question or a synonym. The set must test phrasings the content
 * does not already hold.
 */
export function leakedQuestions(
  set: readonly EvalQuestion[],
  entries: readonly KnowledgeEntry[],
  synonyms: readonly (readonly string[])[],
  examples: ReadonlyMap<string, readonly string[]> = new Map(),
): { question: string; source: string }[] {
  const texts: { text: string; source: string }[] = [];
  for (const e of entries) {
    texts.push({ text: ` ${canonicalQuestion(e.title)} `, source: `${e.id} title` });
    for (const q of e.questions)
      texts.push({ text: ` ${canonicalQuestion(q)} `, source: `${e.id} question "${q}"` });
    // Practice questions teach the search too, so the set must not repeat them either.
    for (const q of examples.get(e.id) ?? [])
      texts.push({ text: ` ${canonicalQuestion(q)} `, source: `${e.id} practice question "${q}"` });
  }
  for (const group of synonyms)
    for (const p of group) texts.push({ text: ` ${canonicalQuestion(p)} `, source: `synonym "${p}"` });
  const leaks: { question: string; source: string }[] = [];
  for (const q of set) {
    const c = canonicalQuestion(q.question);
    if (c === '') continue;
    const hit = texts.find((t) => t.text.includes(` ${c} `));
    if (hit) leaks.push({ question: q.question, source: hit.source });
  }
  return leaks;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** The bench's definitions, in one place so the bench table and the regression test agree. */
export function computeMetrics(set: readonly EvalQuestion[], answers: readonly SystemAnswer[]): Metrics {
  let top1 = 0;
  let top3 = 0;
  let rr = 0;
  let rejected = 0;
  let confidentWrong = 0;
  const answerable = set.filter((q) => q.expected !== 'none').length;
  const none = set.length - answerable;
  set.forEach((q, i) => {
    const a = answers[i];
    if (a.decision === 'answer' && a.ids[0] !== q.expected) confidentWrong++;
    if (q.expected === 'none') {
      if (a.decision === 'none') rejected++;
      return;
    }
    if (a.decision === 'answer' && a.ids[0] === q.expected) top1++;
    const rank = a.ids.slice(0, 3).indexOf(q.expected);
    if (a.decision !== 'none' && rank >= 0) top3++;
    if (rank >= 0) rr += 1 / (rank + 1);
  });
  const times = answers.map((a) => a.ms).sort((x, y) => x - y);
  return {
    questions: set.length,
    answerable,
    top1: top1 / Math.max(1, answerable),
    top3: top3 / Math.max(1, answerable),
    mrr: rr / Math.max(1, answerable),
    rejection: rejected / Math.max(1, none),
    confidentWrong: confidentWrong / Math.max(1, set.length),
    medianMs: percentile(times, 50),
    p99Ms: percentile(times, 99),
  };
}

/** The shipped search's figures on a set, untimed: for the regression test and the blind-set table. */
export function measureShipped(knowledge: Knowledge, set: readonly EvalQuestion[]): Metrics {
  return computeMetrics(
    set,
    set.map((q) => {
      const r = knowledge.index.search(q.question);
      return { decision: r.decision, ids: r.results.map((x) => x.entry.id), ms: 0 };
    }),
  );
}
