import { join } from 'node:path';
import type { Coach } from '../src/coach/coach';
import { MAX_DRAFT_CHARS } from '../src/coach/coach';
import { readKnowledge } from '../src/knowledge/loadKnowledge';
import { PROJECT_ROOT } from '../src/paths';

/**
 * `npm run bench:coach`: how long the framing coach takes on a 10,000-character draft (the most
 * it reads), with the shipped rules, for ordinary text and for text built to make a matcher
 * struggle. Also shows that time and trie steps grow in step with the draft's length.
 */
const RUNS = 300;
const WARM_UP = 30;

const ORDINARY =
  'People in deprived areas make poor lifestyle choices; it is a crisis. Hard-to-reach families ' +
  'need support, and the NHS is at breaking point. People in Northwell die years earlier than ' +
  'people in Stopsley. A cold, damp home causes asthma and stress. These gaps are not inevitable: ' +
  'we will help families insulate their homes, and together we can close the gap. ';

const DRAFTS: Record<string, string> = {
  ordinary: ORDINARY,
  'every word a finding': 'crisis epidemic lifestyle myth upstream stakeholders inequities productivity ',
  'near misses (long partial phrases)': 'take responsibility for their ',
  'one repeated word': 'the ',
  'one 10,000-letter word': 'a',
  'punctuation only': '.,;:!? ',
};

const fill = (unit: string, length: number): string =>
  unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

function measure(coach: Coach, draft: string): { median: number; p95: number; max: number; work: number } {
  for (let i = 0; i < WARM_UP; i++) coach.check(draft);
  const times: number[] = [];
  let work = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    work = coach.check(draft).work;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)],
    p95: times[Math.floor(times.length * 0.95)],
    max: times[times.length - 1],
    work,
  };
}

function main(): void {
  const loaded = readKnowledge(join(PROJECT_ROOT, 'knowledge'), PROJECT_ROOT);
  if (!loaded.knowledge) throw new Error('the knowledge does not load: run npm run kb:check');
  const { coach } = loaded.knowledge.guidance;
  const ms = (n: number): string => n.toFixed(3).padStart(7);
  process.stdout.write(
    `Framing coach: ${coach.rules.length} rules, ${coach.strengths.length} strengths, ${RUNS} runs each, Node ${process.version}\n\n`,
  );
  process.stdout.write(`${'draft (10,000 characters)'.padEnd(38)} median ms   p95 ms   max ms  trie steps\n`);
  for (const [name, unit] of Object.entries(DRAFTS)) {
    const r = measure(coach, fill(unit, MAX_DRAFT_CHARS));
    process.stdout.write(
      `${name.padEnd(38)} ${ms(r.median)}  ${ms(r.p95)}  ${ms(r.max)}  ${String(r.work).padStart(10)}\n`,
    );
  }
  process.stdout.write(`\n${'ordinary draft, by length'.padEnd(38)} median ms  trie steps\n`);
  for (const length of [1_000, 2_500, 5_000, 10_000]) {
    const r = measure(coach, fill(ORDINARY, length));
    process.stdout.write(
      `${`${length.toLocaleString('en-GB')} characters`.padEnd(38)} ${ms(r.median)}  ${String(r.work).padStart(10)}\n`,
    );
  }
}

main();
