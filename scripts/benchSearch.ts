import { join, resolve } from 'node:path';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import type { KnowledgeEntry } from '../src/knowledge/entry';
import { readKnowledge } from '../src/knowledge/loadKnowledge';
import { PROJECT_ROOT } from '../src/paths';
import type { Decision } from '../src/search/decision';
import { buildSearchIndex, type IndexOptions } from '../src/search/searchIndex';
import { blindSetTable } from './blindFigures';
import {
  computeMetrics,
  type EvalQuestion,
  leakedQuestions,
  type Metrics,
  readEvalSet,
  type SystemAnswer,
} from './searchEval';
import { syntheticEntries } from './syntheticEntries';

/**
 * `npm run bench:search [-- --set <path>] [--quick] [--keep-repeats]`: our search against fuse.js and
 * MiniSearch (BM25), each with its defaults and configured fairly, on the same knowledge and
 * evaluation set, then ours alone at 100, 1,000 and 10,000 entries.
 */
type Ranker = (question: string) => { ids: string[]; score: number };

function timed(fn: () => { decision: Decision; ids: string[] }): SystemAnswer {
  const start = process.hrtime.bigint();
  const result = fn();
  return { ...result, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

/**
 * A baseline answers when its best score passes a threshold. The threshold is the one that gets the
 * most questions of this same set right (answer with the expected id, or none for "none"): the
 * kindest calibration the baseline could have.
 */
function calibrate(
  set: readonly EvalQuestion[],
  ranked: readonly { ids: string[]; score: number }[],
): number {
  const candidates = [...new Set(ranked.map((r) => r.score))].sort((a, b) => a - b);
  let best = { threshold: Number.POSITIVE_INFINITY, correct: -1 };
  for (const threshold of [...candidates, Number.POSITIVE_INFINITY]) {
    let correct = 0;
    set.forEach((q, i) => {
      const answers = ranked[i].score >= threshold && ranked[i].ids.length > 0;
      if (q.expected === 'none' ? !answers : answers && ranked[i].ids[0] === q.expected) correct++;
    });
    if (correct > best.correct) best = { threshold, correct };
  }
  return best.threshold;
}

function runBaseline(set: readonly EvalQuestion[], rank: Ranker): { metrics: Metrics; threshold: number } {
  for (const q of set.slice(0, 20)) rank(q.question);
  const ranked = set.map((q) => {
    const start = process.hrtime.bigint();
    const r = rank(q.question);
    return { ...r, ms: Number(process.hrtime.bigint() - start) / 1e6 };
  });
  const threshold = calibrate(set, ranked);
  const answers: SystemAnswer[] = ranked.map((r) => ({
    decision: r.score >= threshold && r.ids.length > 0 ? 'answer' : 'none',
    ids: r.ids,
    ms: r.ms,
  }));
  return { metrics: computeMetrics(set, answers), threshold };
}

function fuseBaseline(entries: readonly KnowledgeEntry[]): Ranker {
  // Default options, over the same fields a partner's question is written against.
  const fuse = new Fuse(entries, { keys: ['title', 'questions'], includeScore: true });
  return (question) => {
    const hits = fuse.search(question, { limit: 3 });
    // Fuse scores 0 (exact) to 1 (no match); flip so higher is more confident, like ours.
    return { ids: hits.map((h) => h.item.id), score: hits.length > 0 ? 1 - (hits[0].score ?? 1) : 0 };
  };
}

function miniSearchBaseline(entries: readonly KnowledgeEntry[]): Ranker {
  const mini = new MiniSearch<{ id: string; title: string; questions: string }>({
    fields: ['title', 'questions'],
  });
  mini.addAll(entries.map((e) => ({ id: e.id, title: e.title, questions: e.questions.join('\n') })));
  return (question) => {
    const hits = mini.search(question).slice(0, 3);
    return { ids: hits.map((h) => String(h.id)), score: hits[0]?.score ?? 0 };
  };
}

/**
 * fuse.js as a careful user would set it up: every field, weighted towards the title and questions,
 * matching anywhere in a field (ignoreLocation) rather than near its start.
 */
function fuseConfigured(entries: readonly KnowledgeEntry[]): Ranker {
  const fuse = new Fuse(entries, {
    keys: [
      { name: 'title', weight: 3 },
      { name: 'questions', weight: 2 },
      { name: 'tags', weight: 1.5 },
      { name: 'summary', weight: 1 },
      { name: 'body', weight: 0.5 },
    ],
    includeScore: true,
    ignoreLocation: true,
    threshold: 0.4,
  });
  return (question) => {
    const hits = fuse.search(question, { limit: 3 });
    return { ids: hits.map((h) => h.item.id), score: hits.length > 0 ? 1 - (hits[0].score ?? 1) : 0 };
  };
}

/** MiniSearch configured fairly: title, questions, summary, body and tags with boosts, fuzzy 0.2, prefix. */
function miniSearchConfigured(entries: readonly KnowledgeEntry[]): Ranker {
  const mini = new MiniSearch<{
    id: string;
    title: string;
    questions: string;
    summary: string;
    body: string;
    tags: string;
  }>({
    fields: ['title', 'questions', 'summary', 'body', 'tags'],
    searchOptions: {
      boost: { title: 3, questions: 2, tags: 1.5, summary: 1, body: 0.5 },
      fuzzy: 0.2,
      prefix: true,
    },
  });
  mini.addAll(
    entries.map((e) => ({
      id: e.id,
      title: e.title,
      questions: e.questions.join('\n'),
      summary: e.summary,
      body: e.body,
      tags: e.tags.join(' '),
    })),
  );
  return (question) => {
    const hits = mini.search(question).slice(0, 3);
    return { ids: hits.map((h) => String(h.id)), score: hits[0]?.score ?? 0 };
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const ms = (x: number): string => (x < 0.1 ? x.toFixed(3) : x.toFixed(2));

function row(name: string, m: Metrics, threshold: string): string {
  return `| ${name} | ${pct(m.top1)} | ${pct(m.top3)} | ${m.mrr.toFixed(3)} | ${pct(m.rejection)} | ${pct(m.confidentWrong)} | ${ms(m.medianMs)} | ${ms(m.p99Ms)} | ${threshold} |`;
}

function scaling(
  real: readonly KnowledgeEntry[],
  options: IndexOptions,
  questions: readonly EvalQuestion[],
): string[] {
  const lines = [
    '| entries | build (ms) | median query (ms) | p99 query (ms) | heap used (MB) |',
    '|---|---|---|---|---|',
  ];
  for (const size of [100, 1000, 10000]) {
    const entries = [...real, ...syntheticEntries(real, Math.max(0, size - real.length))].slice(0, size);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const start = process.hrtime.bigint();
    const index = buildSearchIndex(entries, options);
    const buildMs = Number(process.hrtime.bigint() - start) / 1e6;
    global.gc?.();
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    for (const q of questions.slice(0, 30)) index.search(q.question);
    const times = questions.map(
      (q) => timed(() => ({ decision: 'none', ids: [index.search(q.question).decision] })).ms,
    );
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
    lines.push(
      `| ${size.toLocaleString('en-GB')} | ${buildMs.toFixed(0)} | ${ms(at(50))} | ${ms(at(99))} | ${heapMb.toFixed(1)} |`,
    );
  }
  return lines;
}

function main(argv: string[]): number {
  const setArg = argv.indexOf('--set');
  const setPath =
    setArg >= 0 && argv[setArg + 1]
      ? resolve(argv[setArg + 1])
      : join(PROJECT_ROOT, 'test', 'eval', 'questions.jsonl');
  const loaded = readKnowledge(join(PROJECT_ROOT, 'knowledge'), PROJECT_ROOT);
  if (!loaded.knowledge) {
    process.stderr.write('The knowledge does not load: run npm run kb:check\n');
    return 1;
  }
  const { entries } = loaded;
  const set = readEvalSet(setPath);
  const leaks = leakedQuestions(set, entries, loaded.synonyms, loaded.examples);
  // A set written blind may repeat an entry's wording by chance, as real questions do: --keep-repeats
  // measures it as written (the count is printed), rather than refusing it.
  if (leaks.length > 0 && argv.includes('--keep-repeats'))
    process.stderr.write(`${leaks.length} question(s) repeat the content's wording; kept (--keep-repeats)\n`);
  else if (leaks.length > 0) {
    for (const l of leaks) process.stderr.write(`leaked: "${l.question}" is contained in ${l.source}\n`);
    process.stderr.write(
      `${leaks.length} question(s) repeat the content: reword them so the set tests new phrasings\n`,
    );
    return 1;
  }
  const unknown = set.filter((q) => q.expected !== 'none' && !loaded.knowledge!.byId.has(q.expected));
  if (unknown.length > 0) {
    for (const q of unknown) process.stderr.write(`unknown id "${q.expected}" for "${q.question}"\n`);
    return 1;
  }

  const index = loaded.knowledge.index;
  for (const q of set.slice(0, 20)) index.search(q.question);
  const ours = computeMetrics(
    set,
    set.map((q) =>
      timed(() => {
        const r = index.search(q.question);
        return {
          decision: r.decision,
          ids: r.results.map((x) => loaded.knowledge!.byId.get(x.entry.id)!.id),
        };
      }),
    ),
  );
  const fuse = runBaseline(set, fuseBaseline(entries));
  const mini = runBaseline(set, miniSearchBaseline(entries));
  const fuseTuned = runBaseline(set, fuseConfigured(entries));
  const miniTuned = runBaseline(set, miniSearchConfigured(entries));

  const out = [
    `Search benchmark: ${entries.length} entries, ${set.length} questions (${ours.answerable} answerable, ${set.length - ours.answerable} none) from ${setPath.replace(`${PROJECT_ROOT}/`, '')}`,
    '',
    '| system | top-1 | top-3 | MRR | rejection | confident wrong | median ms | p99 ms | threshold |',
    '|---|---|---|---|---|---|---|---|---|',
    row('ours', ours, 'built in'),
    row('fuse.js (defaults)', fuse.metrics, fuse.threshold.toFixed(3)),
    row('MiniSearch BM25 (defaults)', mini.metrics, mini.threshold.toFixed(3)),
    row('fuse.js (weighted keys, all fields)', fuseTuned.metrics, fuseTuned.threshold.toFixed(3)),
    row(
      'MiniSearch (all fields, boosts, fuzzy 0.2, prefix)',
      miniTuned.metrics,
      miniTuned.threshold.toFixed(3),
    ),
    // The blind sets belong beside the main set's table; a run on one given set is about that set.
    ...(setArg >= 0 ? [] : ['', ...blindSetTable(PROJECT_ROOT, loaded.knowledge)]),
    // --quick leaves out the scaling table, which takes minutes, when only the quality matters.
    ...(argv.includes('--quick')
      ? []
      : [
          '',
          'Ours alone as the knowledge grows (real entries plus generated variants):',
          '',
          ...scaling(entries, loaded, set),
        ]),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
