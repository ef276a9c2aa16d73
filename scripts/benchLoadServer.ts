import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify, { type Server } from 'restify';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { openStorage } from '../src/storage';

/**
 * One server of `npm run bench:load`, in its own process so the load generator does not share its
 * event loop: `ours` (the whole service, local mode, rate limit off), `echo` (a plain botbuilder
 * echo bot on the same restify and CloudAdapter) or `bare` (a restify route answering constant
 * JSON). Tells its parent its port, then its peak memory and event-loop delay when asked.
 */
type Kind = 'ours' | 'echo' | 'bare';

async function start(kind: Kind): Promise<Server> {
  if (kind === 'ours') {
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '0',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-load-')),
    });
    const storage = await openStorage(config);
    const app = createApp({
      config,
      logger: createLogger('silent'),
      version: 'bench',
      storage,
      userKeySecret: randomBytes(32).toString('hex'),
    });
    return app.server;
  }
  const server = restify.createServer({ name: 'bench', handleUncaughtExceptions: false });
  if (kind === 'bare') {
    server.post('/api/messages', async (_req, res) => {
      res.send(200, { activities: [{ type: 'message', text: 'ok' }] });
    });
    return server;
  }
  server.use(restify.plugins.bodyParser());
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(`You said: ${context.activity.text}`);
    await next();
  });
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  return server;
}

async function main(): Promise<void> {
  const kind = process.argv[2] as Kind;
  const server = await start(kind);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const loop = monitorEventLoopDelay({ resolution: 10 });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  // The parent measures in slices, alternating servers: the event-loop delay is watched only while
  // this server is under load ('resume' to 'pause'), so its idle turns do not dilute it.
  const sliceP99s: number[] = [];
  let loopMax = 0;
  process.on('message', (message: string) => {
    if (message === 'reset') {
      sliceP99s.length = 0;
      loopMax = 0;
      peakRss = process.memoryUsage().rss;
      process.send?.('ok');
    } else if (message === 'resume') {
      loop.enable();
      // The monitor's first sample after a pause spans the pause: let it land, then forget it.
      setTimeout(() => {
        loop.reset();
        process.send?.('ok');
      }, 50);
    } else if (message === 'pause') {
      loop.disable();
      sliceP99s.push(loop.percentile(99) / 1e6);
      loopMax = Math.max(loopMax, loop.max / 1e6);
      process.send?.('ok');
    } else if (message === 'stats') {
      const sorted = [...sliceP99s].sort((a, b) => a - b);
      process.send?.({
        peakRssMb: peakRss / 2 ** 20,
        loopP99Ms: sorted[Math.floor(sorted.length / 2)] ?? 0,
        loopMaxMs: loopMax,
      });
    } else if (message === 'stop') {
      clearInterval(sampler);
      process.exit(0);
    }
  });
  process.send?.({ port: (server.address() as AddressInfo).port });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
