import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Knowledge } from '../src/knowledge/loadKnowledge';
import { measureShipped, readEvalSet } from './searchEval';

/** A blind set's figures as the issue counts them, in percent. */
interface Figures {
  top1: string;
  top3: string;
  refused: string;
  confidentWrong: string;
}

/**
 * The first-sight figures, read from the table in docs/search.md, the one record of them: a row is
 * `| blind-x (150 + 50) | date | build | top-1 | top-3 | MRR | refused | confident wrong |`.
 */
export function firstSightFigures(docsPath: string): Map<string, Figures> {
  const figures = new Map<string, Figures>();
  if (!existsSync(docsPath)) return figures;
  const pattern =
    /^\| (blind-[a-z]+) \([^)]*\) \|[^|]*\|[^|]*\| ([\d.]+)% \| ([\d.]+)% \| [\d.]+ \| ([\d.]+)% \| ([\d.]+)% \|$/;
  for (const line of readFileSync(docsPath, 'utf8').split('\n')) {
    const m = pattern.exec(line);
    if (m) figures.set(m[1], { top1: m[2], top3: m[3], refused: m[4], confidentWrong: m[5] });
  }
  return figures;
}

const pct = (x: number): string => (100 * x).toFixed(1);
const cells = (f: Figures): string => `${f.top1} / ${f.top3} / ${f.refused} / ${f.confidentWrong}`;

/**
 * The blind sets kept in test/eval: each one's first-sight figures beside what the shipped search
 * gives on it now. Sets judged once and folded into training have no row: they measure nothing now.
 */
export function blindSetTable(root: string, knowledge: Knowledge): string[] {
  const firstSight = firstSightFigures(join(root, 'docs', 'search.md'));
  const dir = join(root, 'test', 'eval');
  const names = readdirSync(dir)
    .filter((f) => /^blind-[a-z]+\.jsonl$/.test(f))
    .map((f) => f.replace('.jsonl', ''))
    .sort();
  if (names.length === 0) return [];
  const rows = names.map((name) => {
    const m = measureShipped(knowledge, readEvalSet(join(dir, `${name}.jsonl`)));
    const first = firstSight.get(name);
    const now = {
      top1: pct(m.top1),
      top3: pct(m.top3),
      refused: pct(m.rejection),
      confidentWrong: pct(m.confidentWrong),
    };
    return `| ${name} | ${first ? cells(first) : 'not recorded'} | ${cells(now)} |`;
  });
  return [
    'Blind sets kept for regression (top-1 / top-3 / off-topic refused / confident wrong, %; first sight from docs/search.md):',
    '',
    '| set | first sight | shipped build now |',
    '|---|---|---|',
    ...rows,
  ];
}
