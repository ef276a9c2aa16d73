import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadKnowledge } from '../src/knowledge/loadKnowledge';
import { PROJECT_ROOT } from '../src/paths';
import { measureSignposting, readSignpostSet } from './signpostEval';

/**
 * `npm run bench:signposting [-- --set FILE] [--misses]`: how well the urgent-message patterns do
 * on an evaluation set (recall of urgent messages, non-urgent ones wrongly blocked, sensitive ones
 * given the support line) and how long a 10,000-character message takes. A search question set
 * (test/eval/blind-*.jsonl) may be given too: all its questions are ordinary.
 */
const USAGE = 'Usage: npm run bench:signposting -- [--set test/eval/signposting.jsonl] [--misses]';

const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Work-like text with alarming words scattered through it, so every pattern family is tried. */
function longMessage(chars: number, seed: number): string {
  const words = (
    'the partnership board met about data strategy and the toolkit for Luton while staff took notes on ' +
    'housing money food work family friends community suicide prevention rates overdose deaths training ' +
    'my friend took many pills child told me being hit killing me deadline dying to know help'
  ).split(' ');
  let x = seed;
  const out: string[] = [];
  let length = 0;
  while (length < chars) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const w = words[x % words.length];
    out.push(w);
    length += w.length + 1;
  }
  return out.join(' ').slice(0, chars);
}

function main(argv: string[]): number {
  if (argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const at = argv.indexOf('--set');
  const setFile = at >= 0 ? argv[at + 1] : join('test', 'eval', 'signposting.jsonl');
  if (!setFile) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const { signposter } = loadKnowledge(join(PROJECT_ROOT, 'knowledge'), PROJECT_ROOT);
  const set = readSignpostSet(join(PROJECT_ROOT, setFile));
  const m = measureSignposting(signposter, set);

  const messages = Array.from({ length: 21 }, (_, i) => longMessage(10_000, i + 1));
  for (const text of messages.slice(0, 3)) signposter.classify(text); // warm-up
  const times = messages.map((text) => {
    const start = performance.now();
    signposter.classify(text);
    return performance.now() - start;
  });

  const lines = [
    `Signposting on ${setFile}: ${m.urgent} urgent, ${m.others} not urgent (${m.sensitive} sensitive)`,
    '',
    '| measure | result | floor |',
    '|---|---|---|',
    `| urgent messages signposted (recall) | ${pct(m.signposted, m.urgent)} (${m.signposted} of ${m.urgent}) | 100% |`,
    `| non-urgent messages wrongly blocked | ${pct(m.blocked, m.others)} (${m.blocked} of ${m.others}) | at most 2% |`,
    `| sensitive questions given the support line | ${pct(m.sensitiveFlagged, m.sensitive)} (${m.sensitiveFlagged} of ${m.sensitive}) | |`,
    `| median time, 10,000-character message | ${median(times).toFixed(2)} ms | |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (argv.includes('--misses')) {
    for (const c of m.missed) process.stdout.write(`MISSED [${c.group}] ${c.text}\n`);
    for (const c of m.wronglyBlocked) process.stdout.write(`BLOCKED [${c.group}] ${c.text}\n`);
  }
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
