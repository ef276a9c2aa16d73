import { DateTime } from 'luxon';
import { loadConfig } from '../src/config';
import type { DeliveryRecord } from '../src/digest/deliveryLedger';
import { DigestSubscriptions } from '../src/digest/subscriptions';
import { installationDataKey, openStorage, type Storage } from '../src/storage';
import { BOT_ID, TENANT_ID } from './helpers/activities';
import { BACKENDS, type BackendFixture, type StoreEnv, startBackend } from './helpers/azurite';
import { FakeConnector } from './helpers/fakeConnector';
import { startService } from './helpers/process';

const SECRET = 'a-digest-trigger-secret-for-restart-tests';
const CHANNELS = 60;
const channel = (i: number) => `19:restart-${i}@thread.tacv2`;
const team = (i: number) => `19:team-${i % 7}@thread.tacv2`;

/** Subscriptions due now: weekly on today's London weekday at 00:00, turned on over a week ago. */
async function subscribe(storage: Storage, serviceUrl: string): Promise<void> {
  const day = DateTime.now().setZone('Europe/London').toFormat('cccc').toLowerCase();
  const subscriptions = new DigestSubscriptions(storage);
  for (let i = 0; i < CHANNELS; i++)
    await subscriptions.put({
      installationId: team(i),
      reference: {
        channelId: 'msteams',
        serviceUrl,
        conversation: { id: channel(i), conversationType: 'channel', tenantId: TENANT_ID },
        bot: { id: BOT_ID },
      },
      schedule: { cadence: 'weekly', day: day as 'monday', time: '00:00', anchor: '2026-01-05' },
      since: new Date(Date.now() - 8 * 86_400_000).toISOString(),
      active: true,
    });
}

/** Triggers runs until one holds the lease (a killed run's lease has to expire first). */
async function runUntilItRuns(url: string): Promise<Record<string, number | boolean>> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await fetch(`${url}/api/digest/run`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${SECRET}` },
    });
    const summary = (await res.json()) as Record<string, number | boolean>;
    if (summary.ran || Date.now() > deadline) return summary;
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe.each(BACKENDS)('digests on %s, with the service killed mid-run', (name) => {
  let backend: BackendFixture;
  let connector: FakeConnector;
  beforeAll(async () => {
    backend = await startBackend(name);
    connector = await new FakeConnector().start();
  });
  afterAll(async () => {
    await connector.stop();
    await backend?.stop();
  });

  it('kill -9 during a run, then a restart: the rest are delivered, none twice', async () => {
    const env: StoreEnv = {
      ...backend.fresh(),
      DIGEST_TRIGGER_SECRET: SECRET,
      DIGEST_CHECK_SECONDS: '0',
      DIGEST_SENDS_PER_SEC: '20',
      DIGEST_LEASE_SECONDS: '3',
    };
    const setup = await openStorage(loadConfig(env));
    await subscribe(setup, connector.url);
    await setup.close();
    // Each post takes a while to answer, so the kill lands with sends in flight.
    connector.always({ kind: 'ok', delayMs: 40 });

    const first = await startService(env);
    void fetch(`${first.url}/api/digest/run`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${SECRET}` },
    }).catch(() => undefined);
    await connector.waitFor(20, 20_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const beforeRestart = connector.requests.length;
    expect(beforeRestart).toBeLessThan(CHANNELS);

    const second = await startService(env);
    const summary = await runUntilItRuns(second.url);
    second.child.kill('SIGTERM');
    await second.exited;
    expect(summary.ran).toBe(true);

    const check = await openStorage(loadConfig(env));
    try {
      // One delivery record per channel for this period, found by its prefix.
      const orphans: number[] = [];
      for (let i = 0; i < CHANNELS; i++) {
        const posts = connector.requests.filter(
          (r) => r.method === 'POST' && decodeURIComponent(r.path).includes(channel(i)),
        );
        // Never twice, whatever the moment of the kill.
        expect(posts.length).toBeLessThanOrEqual(1);
        const { keys } = await check.list(`${installationDataKey(team(i), 'digest-delivery', channel(i))}/`);
        expect(keys).toHaveLength(1);
        const record = (await check.read(keys)).get(keys[0])!.value as DeliveryRecord;
        if (record.state === 'sent') expect(posts).toHaveLength(1);
        else {
          // Claimed by the killed run: it may or may not have gone out, so it is never sent again.
          expect(record.state).toBe('claimed');
          orphans.push(i);
        }
      }
      // Only sends in flight at the kill are uncertain; everything else was delivered.
      process.stdout.write(
        `${name}: ${beforeRestart} posts before the kill, ${orphans.length} left uncertain, ${summary.sent} sent after the restart\n`,
      );
      expect(orphans.length).toBeLessThanOrEqual(32);
      expect(CHANNELS - orphans.length).toBeGreaterThanOrEqual(CHANNELS - 32);
      expect(Number(summary.sent)).toBeGreaterThan(0);
    } finally {
      await check.close();
    }
  });
});
