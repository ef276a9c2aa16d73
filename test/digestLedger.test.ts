import { loadConfig } from '../src/config';
import { AnswerCounts, COUNT_RETENTION_DAYS } from '../src/digest/answerCounts';
import { DeliveryLedger } from '../src/digest/deliveryLedger';
import { Pacer } from '../src/digest/pacer';
import { RunLease } from '../src/digest/runLease';
import { openStorage, type Storage } from '../src/storage';
import { BACKENDS, type BackendFixture, startBackend } from './helpers/azurite';

let now = new Date('2026-12-07T09:00:00Z');
const clock = () => now;

// The lease, the claims and the counts rest on create-if-absent and eTags: both backends.
describe.each(BACKENDS)('on %s', (backendName) => {
  let backend: BackendFixture;
  let storage: Storage;
  beforeAll(async () => {
    backend = await startBackend(backendName);
  });
  afterAll(() => backend.stop());
  beforeEach(async () => {
    storage = await openStorage(loadConfig(backend.fresh()));
    now = new Date('2026-12-07T09:00:00Z');
  });
  afterEach(() => storage.close());

  describe('the run lease', () => {
    it('of several instances asking at once, exactly one holds it', async () => {
      const leases = Array.from({ length: 8 }, () => new RunLease(storage, clock));
      const taken = await Promise.all(leases.map((l) => l.take()));
      expect(taken.filter(Boolean)).toHaveLength(1);
    });

    it('can be taken over once it expires (an instance died holding it), by one instance only', async () => {
      const dead = new RunLease(storage, clock, 60_000);
      expect(await dead.take()).toBe(true);
      const others = [
        new RunLease(storage, clock),
        new RunLease(storage, clock),
        new RunLease(storage, clock),
      ];
      expect(await Promise.all(others.map((l) => l.take()))).toEqual([false, false, false]);
      now = new Date(now.getTime() + 61_000);
      const taken = await Promise.all(others.map((l) => l.take()));
      expect(taken.filter(Boolean)).toHaveLength(1);
      // The dead instance, back late, neither renews nor releases what is now another's.
      expect(await dead.renew()).toBe(false);
      await dead.release();
      expect(await new RunLease(storage, clock).take()).toBe(false);
    });

    it('renewals that overlap (storage slower than the renewal interval) all keep the lease', async () => {
      // Two renewals reading the same eTag made the second a conflict, so a healthy run under load
      // believed it had lost the lease and stopped starting sends.
      const lease = new RunLease(storage, clock);
      expect(await lease.take()).toBe(true);
      expect(await Promise.all([lease.renew(), lease.renew(), lease.renew()])).toEqual([true, true, true]);
      expect(await lease.renew()).toBe(true);
      expect(await new RunLease(storage, clock).take()).toBe(false);
    });

    it('is free again as soon as its holder releases it', async () => {
      const first = new RunLease(storage, clock);
      expect(await first.take()).toBe(true);
      await first.release();
      expect(await new RunLease(storage, clock).take()).toBe(true);
    });
  });

  describe('the delivery ledger', () => {
    it('lets one claim per conversation and period, and shows the others what happened', async () => {
      const a = new DeliveryLedger(storage, clock);
      const b = new DeliveryLedger(storage, clock);
      const claims = await Promise.all([
        a.claim('team-1', '19:c@thread', 'p1'),
        b.claim('team-1', '19:c@thread', 'p1'),
      ]);
      expect(claims.filter((c) => c.claimed)).toHaveLength(1);
      await a.complete('team-1', '19:c@thread', 'p1', { state: 'sent', attempts: 2, activityId: 'x' });
      expect(await b.claim('team-1', '19:c@thread', 'p1')).toEqual({
        claimed: false,
        existing: expect.objectContaining({ state: 'sent', attempts: 2 }),
      });
      // Another period, or another conversation, is a claim of its own.
      expect((await b.claim('team-1', '19:c@thread', 'p2')).claimed).toBe(true);
      expect((await b.claim('team-1', '19:d@thread', 'p1')).claimed).toBe(true);
    });

    it('a released claim (the send certainly failed) can be claimed again', async () => {
      const ledger = new DeliveryLedger(storage, clock);
      expect((await ledger.claim('t', 'c', 'p')).claimed).toBe(true);
      await ledger.release('t', 'c', 'p');
      expect((await ledger.claim('t', 'c', 'p')).claimed).toBe(true);
    });
  });

  describe('the answer counts', () => {
    it('merge what several instances counted, add up a period, and forget days past the retention', async () => {
      const a = new AnswerCounts(storage, clock);
      const b = new AnswerCounts(storage, clock);
      a.add('five-whys');
      a.add('five-whys');
      b.add('five-whys');
      b.add('pdsa-cycles');
      await Promise.all([a.flush(), b.flush()]);
      now = new Date('2026-12-08T10:00:00Z');
      a.add('pdsa-cycles');
      await a.flush();
      expect(await a.between(new Date('2026-12-07T00:00:00Z'), now)).toEqual({
        'five-whys': 3,
        'pdsa-cycles': 2,
      });
      expect(await a.between(new Date('2026-12-08T00:00:00Z'), now)).toEqual({ 'pdsa-cycles': 1 });
      now = new Date(now.getTime() + (COUNT_RETENTION_DAYS + 0.5) * 86_400_000);
      await a.prune();
      expect((await storage.list('digest/answered/')).keys).toEqual(['digest/answered/2026-12-08']);
    });
  });
});

describe('the pacer', () => {
  it('spaces sends at the rate across callers in flight together', async () => {
    let t = 0;
    const waits: number[] = [];
    const pacer = new Pacer(
      50,
      () => t,
      async (ms) => void waits.push(ms),
    );
    await Promise.all(Array.from({ length: 5 }, () => pacer.take()));
    expect(waits).toEqual([20, 40, 60, 80]);
    t = 1000;
    await pacer.take();
    expect(waits).toHaveLength(4);
  });
});
