import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { PROJECT_ROOT } from '../src/paths';

/**
 * `npm run bench:load [-- --seconds N]`: autocannon against three servers on this machine, one at a
 * time, each in its own process: ours (`help`, then a mix of distinct questions from
 * test/eval/questions.jsonl, all with expectReplies), a plain botbuilder echo bot on the same
 * restify and CloudAdapter, and a bare restify route answering constant JSON. Prints requests per
 * second, latency, errors, peak memory and event-loop delay of each, then `ours/echo <ratio>`.
 */
const CONNECTIONS = 10;
const QUESTION_COUNT = 240;

interface Stats {
  peakRssMb: number;
  loopP99Ms: number;
  loopMaxMs: number;
}

interface Row extends Stats {
  name: string;
  perSecond: number;
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

async function run(name: string, kind: string, bodies: string[], seconds: number): Promise<Row> {
  const { child, port } = await startServer(kind);
  try {
    const url = `http://127.0.0.1:${port}/api/messages`;
    const headers = { 'content-type': 'application/json' };
    const requests = bodies.map((body) => ({ method: 'POST', headers, body }));
    // A short warm-up (JIT, caches of the first requests), then the measured run.
    await autocannon({ url, connections: CONNECTIONS, duration: 2, requests });
    child.send('measure');
    const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, requests });
    const stats = await ask<Stats>(child, 'stats');
    return {
      name,
      perSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts + result.non2xx,
      ...stats,
    };
  } finally {
    child.send('stop');
  }
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--seconds');
  const seconds = at > 0 ? Number(process.argv[at + 1]) : 10;
  if (!Number.isFinite(seconds) || seconds < 1) throw new Error('--seconds takes a whole number of seconds');
  const mix = questions().map(activity);
  const help = [activity('help')];
  const rows: Row[] = [];
  for (const [name, kind, bodies] of [
    ['ours help', 'ours', help],
    ['echo help', 'echo', help],
    [`ours ${mix.length} questions`, 'ours', mix],
    [`echo ${mix.length} questions`, 'echo', mix],
    ['bare restify', 'bare', help],
  ] as const) {
    process.stderr.write(`${name}...\n`);
    rows.push(await run(name, kind, [...bodies], seconds));
  }
  const f = (n: number, digits = 1) => n.toFixed(digits);
  process.stdout.write(
    `${CONNECTIONS} connections, ${seconds} s each\n\n` +
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
