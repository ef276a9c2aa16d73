import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { PROJECT_ROOT } from '../src/paths';

/**
 * `npm run bench:load [-- --seconds N]`: autocannon against three servers on this machine, each in
 * its own process: ours (`help`, then a mix of distinct questions from test/eval/questions.jsonl,
 * all with expectReplies), a plain botbuilder echo bot on the same restify and CloudAdapter, and a
 * bare restify route answering constant JSON. Prints requests per second, latency, errors, peak
 * memory and event-loop delay of each, then `ours/echo <ratio>`.
 *
 * This shared machine's speed drifts by more than most code changes from one minute to the next, so
 * ours and the echo bot are measured in alternating slices of SLICE_SECONDS (ours first, then echo
 * first), and each is credited with its requests over its own slices: drift then falls on both
 * alike instead of on whichever ran in the slow minute.
 */
const CONNECTIONS = 10;
const QUESTION_COUNT = 240;
const SLICE_SECONDS = 2;

interface Stats {
  peakRssMb: number;
  loopP99Ms: number;
  loopMaxMs: number;
}

interface Row extends Stats {
  name: string;
  perSecond: number;
  /** The median over slices of each slice's median and 99th percentile latency. */
  p50: number;
  p99: number;
  errors: number;
}

function activity(text: string): string {
  return JSON.stringify({
    type: 'message',
    id: 'bench',
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: '29:bench-user' },
    recipient: { id: '28:bot' },
    conversation: { id: 'a:bench', conversationType: 'personal' },
    channelData: { tenant: { id: '11111111-2222-3333-4444-555555555555' } },
    deliveryMode: 'expectReplies',
    text,
  });
}

function questions(): string[] {
  const all = readFileSync(join(PROJECT_ROOT, 'test', 'eval', 'questions.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { question: string }).question);
  return [...new Set(all)].slice(0, QUESTION_COUNT);
}

function startServer(kind: string): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(join(__dirname, 'benchLoadServer.js'), [kind], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: ['--disable-warning=DEP0111'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve({ child, port: m.port }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

function ask<T>(child: ChildProcess, message: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m: T) => resolve(m));
    child.send(message);
  });
}

/** One server under test: its process, its requests and what its slices measured. */
interface Subject {
  name: string;
  child: ChildProcess;
  url: string;
  requests: { method: 'POST'; headers: Record<string, string>; body: string }[];
  served: number;
  seconds: number;
  errors: number;
  p50s: number[];
  p99s: number[];
}

async function subject(name: string, kind: string, bodies: readonly string[]): Promise<Subject> {
  const { child, port } = await startServer(kind);
  const headers = { 'content-type': 'application/json' };
  const requests = bodies.map((body) => ({ method: 'POST' as const, headers, body }));
  const url = `http://127.0.0.1:${port}/api/messages`;
  // A short warm-up (JIT, caches of the first requests) before anything is counted.
  await autocannon({ url, connections: CONNECTIONS, duration: 2, requests });
  await ask(child, 'reset');
  return { name, child, url, requests, served: 0, seconds: 0, errors: 0, p50s: [], p99s: [] };
}

async function slice(s: Subject, seconds: number): Promise<void> {
  await ask(s.child, 'resume');
  const result = await autocannon({
    url: s.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: s.requests,
  });
  await ask(s.child, 'pause');
  s.served += result.requests.total;
  s.seconds += result.duration;
  s.errors += result.errors + result.timeouts + result.non2xx;
  s.p50s.push(result.latency.p50);
  s.p99s.push(result.latency.p99);
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function finish(s: Subject): Promise<Row> {
  const stats = await ask<Stats>(s.child, 'stats');
  s.child.send('stop');
  return {
    name: s.name,
    perSecond: s.served / s.seconds,
    p50: median(s.p50s),
    p99: median(s.p99s),
    errors: s.errors,
    ...stats,
  };
}

/** Ours and echo on the same requests, in alternating slices adding up to `seconds` each. */
async function paired(what: string, bodies: readonly string[], seconds: number): Promise<[Row, Row]> {
  process.stderr.write(`ours and echo, ${what}...\n`);
  const ours = await subject(`ours ${what}`, 'ours', bodies);
  const echo = await subject(`echo ${what}`, 'echo', bodies);
  const slices = Math.max(1, Math.round(seconds / SLICE_SECONDS));
  for (let k = 0; k < slices; k++) {
    const order = k % 2 === 0 ? [ours, echo] : [echo, ours];
    for (const s of order) await slice(s, seconds / slices);
  }
  return [await finish(ours), await finish(echo)];
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--seconds');
  const seconds = at > 0 ? Number(process.argv[at + 1]) : 10;
  if (!Number.isFinite(seconds) || seconds < 1) throw new Error('--seconds takes a whole number of seconds');
  const mix = questions().map(activity);
  const help = [activity('help')];
  const [oursHelp, echoHelp] = await paired('help', help, seconds);
  const [oursMix, echoMix] = await paired(`${mix.length} questions`, mix, seconds);
  process.stderr.write('bare restify...\n');
  const bare = await subject('bare restify', 'bare', help);
  await slice(bare, seconds);
  const rows = [oursHelp, echoHelp, oursMix, echoMix, await finish(bare)];
  const f = (n: number, digits = 1) => n.toFixed(digits);
  process.stdout.write(
    `${CONNECTIONS} connections, ${seconds} s each, ours and echo in alternating slices of about ${SLICE_SECONDS} s\n\n` +
      '| server | req/s | p50 ms | p99 ms | errors | peak RSS MB | loop delay p99 ms | loop delay max ms |\n' +
      '|---|---|---|---|---|---|---|---|\n',
  );
  for (const r of rows)
    process.stdout.write(
      `| ${r.name} | ${f(r.perSecond, 0)} | ${f(r.p50)} | ${f(r.p99)} | ${r.errors} | ${f(r.peakRssMb, 0)} | ${f(r.loopP99Ms)} | ${f(r.loopMaxMs)} |\n`,
    );
  const ratio = (a: Row, b: Row) => (a.perSecond / b.perSecond).toFixed(2);
  process.stdout.write(`\nours/echo help ${ratio(rows[0], rows[1])}\n`);
  process.stdout.write(`ours/echo ${ratio(rows[2], rows[3])}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:load failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
