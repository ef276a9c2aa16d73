import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblem, readKnowledge } from '../src/knowledge/loadKnowledge';
import { buildSearchIndex } from '../src/knowledge/searchIndex';
import {
  CONFIDENCE_FEATURES,
  type ConfidenceFeature,
  confidenceInputs,
  FEATURES,
  type FeatureName,
  featureVector,
  judge,
  type QuestionMatch,
  rank,
  type SearchModel,
  softmax,
} from '../src/knowledge/searchModel';
import { readTrainingQuestions, type TrainingQuestion } from '../src/knowledge/trainingQuestions';
import { PROJECT_ROOT } from '../src/paths';
import { canonicalQuestion, type EvalQuestion, readEvalSet } from './searchEval';

/**
 * `npm run train:search`: learns the search model and writes src/knowledge/searchModel.json.
 *
 * 1. Ranking weights come from the content alone: every alternative question is taken out of its
 *    entry and asked as a question; the model learns to put that entry first (softmax over the
 *    candidates, gradient descent, small L2).
 * 2. With those weights fixed, the two confidence models (searchModel.ts) are fitted on the same
 *    held-out questions plus knowledge/training/*.jsonl: practice questions written as partners
 *    ask, labelled with their entry, and off-topic questions labelled "none".
 * 3. The two thresholds are the ones that give the most right answers on test/eval/questions.jsonl
 *    while keeping rejection at 90% or more and confident wrong answers at 3% or less. That is the
 *    only use of the evaluation set, and no training question may also be in it.
 */
interface Example {
  expected: string;
  match: QuestionMatch;
}

const EPOCHS = 1500;
const RATE = 1;
const L2 = 1e-3;

const vectors = (match: QuestionMatch): number[][] =>
  match.candidates.map((f) => {
    const x = featureVector(f);
    return FEATURES.map((name) => x[name]);
  });

/** Listwise training of the ranking weights: maximise the probability of the expected entry. */
function trainWeights(examples: readonly Example[]): number[] {
  const data = examples
    .map((e) => ({ x: vectors(e.match), target: e.match.candidates.findIndex((f) => f.id === e.expected) }))
    .filter((d) => d.target >= 0);
  const w = FEATURES.map((name) => (name === 'dice' ? 5 : 0));
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const grad = new Array<number>(w.length).fill(0);
    for (const d of data) {
      const p = softmax(d.x.map((x) => x.reduce((s, v, k) => s + v * w[k], 0)));
      d.x.forEach((x, j) => {
        const g = p[j] - (j === d.target ? 1 : 0);
        for (let k = 0; k < w.length; k++) grad[k] += g * x[k];
      });
    }
    for (let k = 0; k < w.length; k++) w[k] -= RATE * (grad[k] / data.length + L2 * w[k]);
  }
  return w;
}

const round = (x: number): number => Math.round(x * 10000) / 10000;

const named = <N extends string>(names: readonly N[], values: readonly number[]): Record<N, number> =>
  Object.fromEntries(names.map((name, k) => [name, round(values[k])])) as Record<N, number>;

/** Plain logistic regression by gradient descent; the bias is not shrunk. */
function fitLogistic(rows: readonly { x: number[]; y: number }[]): number[] {
  let b = CONFIDENCE_FEATURES.map(() => 0);
  for (let epoch = 0; epoch < 3000; epoch++) {
    const grad = b.map(() => 0);
    for (const r of rows) {
      const p = 1 / (1 + Math.exp(-r.x.reduce((s, v, k) => s + v * b[k], 0)));
      for (let k = 0; k < b.length; k++) grad[k] += (p - r.y) * r.x[k];
    }
    b = b.map((v, k) => v - 2 * (grad[k] / rows.length + (k === 0 ? 0 : L2 * v)));
  }
  return b;
}

/** Fits both confidence models on the ranking the weights give each training question. */
function fitConfidence(
  weights: SearchModel['weights'],
  examples: readonly Example[],
): { answer: Record<ConfidenceFeature, number>; shortlist: Record<ConfidenceFeature, number> } {
  const rows = examples
    .filter((e) => e.match.candidates.length > 0)
    .map((e) => {
      const { scores, shares, order } = rank(e.match, weights);
      const inputs = confidenceInputs(e.match, scores, shares, order);
      const ids = order.map((i) => e.match.candidates[i].id);
      return {
        x: CONFIDENCE_FEATURES.map((name) => inputs[name]),
        first: ids[0] === e.expected ? 1 : 0,
        three: ids.slice(0, 3).includes(e.expected) ? 1 : 0,
      };
    });
  return {
    answer: named(CONFIDENCE_FEATURES, fitLogistic(rows.map((r) => ({ x: r.x, y: r.first })))),
    shortlist: named(CONFIDENCE_FEATURES, fitLogistic(rows.map((r) => ({ x: r.x, y: r.three })))),
  };
}

/** The training questions, refused if a line is bad or a question is also in an evaluation set. */
function readTraining(ids: ReadonlySet<string>, evalSets: readonly EvalQuestion[]): TrainingQuestion[] {
  const { questions, problems } = readTrainingQuestions(
    join(PROJECT_ROOT, 'knowledge', 'training'),
    PROJECT_ROOT,
    ids,
  );
  if (problems.length > 0)
    throw new Error(`run npm run kb:check:\n${problems.map(formatProblem).join('\n')}`);
  const evaluated = new Set(evalSets.map((e) => canonicalQuestion(e.question)));
  const shared = questions.filter((q) => evaluated.has(canonicalQuestion(q.question)));
  if (shared.length > 0)
    throw new Error(
      `take these out of knowledge/training, they are also in test/eval/: ${shared.map((q) => `"${q.question}"`).join(', ')}`,
    );
  return questions;
}

interface Figures {
  top1: number;
  top3: number;
  rejection: number;
  confidentWrong: number;
}

function figures(
  examples: readonly Example[],
  judged: readonly { ids: string[]; answer: number; shortlist: number }[],
  thresholds: SearchModel['thresholds'],
): Figures {
  let top1 = 0;
  let top3 = 0;
  let rejected = 0;
  let wrong = 0;
  let answerable = 0;
  examples.forEach((e, i) => {
    const { ids, answer, shortlist } = judged[i];
    const decision =
      answer >= thresholds.answer ? 'answer' : shortlist >= thresholds.suggest ? 'suggest' : 'none';
    if (decision === 'answer' && ids[0] !== e.expected) wrong++;
    if (e.expected === 'none') {
      if (decision === 'none') rejected++;
      return;
    }
    answerable++;
    if (decision === 'answer' && ids[0] === e.expected) top1++;
    if (decision !== 'none' && ids.slice(0, 3).includes(e.expected)) top3++;
  });
  const none = examples.length - answerable;
  return {
    top1: top1 / answerable,
    top3: top3 / answerable,
    rejection: rejected / none,
    confidentWrong: wrong / examples.length,
  };
}

function main(): void {
  const loaded = readKnowledge(join(PROJECT_ROOT, 'knowledge'), PROJECT_ROOT);
  if (!loaded.knowledge) throw new Error('the knowledge does not load: run npm run kb:check');
  const { entries, synonyms } = loaded;
  // Read and check every file before the minute of training, so a bad line fails at once.
  const evalSet = readEvalSet(join(PROJECT_ROOT, 'test', 'eval', 'questions.jsonl'));
  // fresh.jsonl is never trained or calibrated on; it only measures. Training must not touch it either.
  const freshPath = join(PROJECT_ROOT, 'test', 'eval', 'fresh.jsonl');
  const training = readTraining(new Set(entries.map((e) => e.id)), [
    ...evalSet,
    ...(existsSync(freshPath) ? readEvalSet(freshPath) : []),
  ]);

  const heldOut: Example[] = [];
  entries.forEach((entry, i) => {
    entry.questions.forEach((question, j) => {
      const without = { ...entry, questions: entry.questions.filter((_, k) => k !== j) };
      const index = buildSearchIndex(
        entries.map((e, k) => (k === i ? without : e)),
        synonyms,
      );
      heldOut.push({ expected: entry.id, match: index.features(question) });
    });
  });
  const weights = named(FEATURES, trainWeights(heldOut)) as Record<FeatureName, number>;

  const full = buildSearchIndex(entries, synonyms);
  const practice = training.map((q) => ({ expected: q.expected, match: full.features(q.question) }));
  const confidence = fitConfidence(weights, [...heldOut, ...practice]);

  const examples: Example[] = evalSet.map((q) => ({
    expected: q.expected,
    match: full.features(q.question),
  }));
  const unthresholded: SearchModel = { weights, ...confidence, thresholds: { answer: 1, suggest: 1 } };
  const judged = examples.map((e) => {
    const j = judge(e.match, unthresholded);
    return { ids: j.order.map((i) => e.match.candidates[i].id), answer: j.answer, shortlist: j.shortlist };
  });

  let best: { thresholds: SearchModel['thresholds']; f: Figures } | undefined;
  for (let a = 10; a <= 95; a++)
    for (let s = 2; s <= 95; s++) {
      const thresholds = { answer: a / 100, suggest: s / 100 };
      const f = figures(examples, judged, thresholds);
      if (f.rejection < 0.9 || f.confidentWrong > 0.03) continue;
      if (!best || f.top1 + f.top3 / 2 > best.f.top1 + best.f.top3 / 2) best = { thresholds, f };
    }
  if (!best) throw new Error('no thresholds keep rejection >= 90% and confident wrong <= 3%');
  const out: SearchModel = { weights, ...confidence, thresholds: best.thresholds };
  writeFileSync(
    join(PROJECT_ROOT, 'src', 'knowledge', 'searchModel.json'),
    `${JSON.stringify(out, null, 2)}\n`,
  );
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const none = training.filter((q) => q.expected === 'none').length;
  process.stdout.write(
    `Ranking trained on ${heldOut.length} held-out alternative questions; confidence on those plus ` +
      `${training.length - none} practice and ${none} off-topic questions; thresholds on ${examples.length} evaluation questions.\n` +
      `Thresholds: answer ${best.thresholds.answer}, suggest ${best.thresholds.suggest}. ` +
      `On the evaluation set: top-1 ${pct(best.f.top1)}, top-3 ${pct(best.f.top3)}, rejection ${pct(best.f.rejection)}, confident wrong ${pct(best.f.confidentWrong)}.\n` +
      'Wrote src/knowledge/searchModel.json; run npm run bench:search for the full table.\n',
  );
}

main();
