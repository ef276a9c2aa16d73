import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { DigestSubscriptions } from '../src/digest/subscriptions';
import { createLogger } from '../src/log';
import { openStorage } from '../src/storage';
import { BOT_ID, TENANT_ID } from '../test/helpers/activities';
import { FakeConnector } from '../test/helpers/fakeConnector';

/**
 * `npm run bench:digest [-- --channels N]`: N subscribed channels (default 1,000) through the fake
 * Bot Connector on loopback, 10% of first attempts answered 429 with Retry-After 1 s, at the
 * default DIGEST_SENDS_PER_SEC. Reports time against the floor the rate sets, attempts,
 * duplicates, missed and peak memory.
 */
async function main(): Promise<void> {
  const at = process.argv.indexOf('--channels');
  const channels = at > 0 ? Number(process.argv[at + 1]) : 1000;
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-digest-'));
  const connector = await new FakeConnector().start();
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', DIGEST_CHECK_SECONDS: '0' });
  const storage = await openStorage(config);
  try {
    const channel = (i: number) => `19:bench-${i}@thread.tacv2`;
    const day = DateTime.now().setZone('Europe/London').toFormat('cccc').toLowerCase() as 'monday';
    const subscriptions = new DigestSubscriptions(storage);
    for (let i = 0; i < channels; i++) {
      await subscriptions.put({
        installationId: `19:team-${i % 50}@thread.tacv2`,
        reference: {
          channelId: 'msteams',
          serviceUrl: connector.url,
          conversation: { id: channel(i), conversationType: 'channel', tenantId: TENANT_ID },
          bot: { id: BOT_ID },
        },
        schedule: { cadence: 'weekly', day, time: '00:00', anchor: '2026-01-05' },
        since: new Date(Date.now() - 8 * 86_400_000).toISOString(),
        active: true,
      });
      if (i % 10 === 0) connector.nextFor(channel(i), { kind: 'throttle', retryAfterSeconds: 1 });
    }
    const app = createApp({
      config,
      logger: createLogger('silent'),
      version: 'bench',
      storage,
      userKeySecret: randomBytes(32).toString('hex'),
    });
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 100);
    const started = performance.now();
    const summary = await app.digest.run();
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const delivered = new Map<string, number>();
    for (const r of connector.requests)
      if (r.method === 'POST' && r.answered === 200) {
        const id = decodeURIComponent(r.path).match(/19:bench-\d+@thread\.tacv2/)?.[0] ?? '';
        delivered.set(id, (delivered.get(id) ?? 0) + 1);
      }
    const duplicates = [...delivered.values()].filter((n) => n > 1).length;
    const missed = Array.from({ length: channels }, (_, i) => channel(i)).filter(
      (c) => !delivered.has(c),
    ).length;
    const floor = channels / config.digestSendsPerSecond;
    process.stdout.write(
      '| channels | sends/s | attempts | 429s | sent | retried | failed | duplicates | missed | time s | floor s | peak RSS MB |\n' +
        '|---|---|---|---|---|---|---|---|---|---|---|---|\n' +
        `| ${channels} | ${config.digestSendsPerSecond} | ${connector.requests.length} | ` +
        `${connector.requests.filter((r) => r.answered === 429).length} | ${summary.sent} | ${summary.retried} | ` +
        `${summary.failed} | ${duplicates} | ${missed} | ${seconds.toFixed(1)} | ${floor.toFixed(0)} | ` +
        `${(peakRss / 2 ** 20).toFixed(0)} |\n`,
    );
    process.stdout.write(
      `digest: ${channels} channels, duplicates ${duplicates}, missed ${missed}, ${seconds.toFixed(1)} s (floor ${floor.toFixed(0)} s)\n`,
    );
  } finally {
    await storage.close();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
