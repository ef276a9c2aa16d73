import { MemoryCounters } from '../src/counters';
import { createLogger } from '../src/log';
import { message, submit } from './helpers/activities';
import { type RunningServer, repliesOf, startTestServer } from './helpers/testServer';

const lines: string[] = [];
const counters = new MemoryCounters();
let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer(
    {},
    { logger: createLogger('trace', { write: (l: string) => void lines.push(l) }), counters },
  );
});
afterAll(() => server.stop());

const withName = (activity: ReturnType<typeof message>) => ({
  ...activity,
  from: { id: '29:zed', name: 'Zed Marker' },
});

describe('logs and what is kept', () => {
  it('logs JSON with a correlation id per turn and never the text, card values or names', async () => {
    await server.post(
      '/api/messages',
      withName(message('what is proportionate universalism for Zed Marker')),
    );
    await server.post('/api/messages', withName(message('Zed Marker has chest pain')));
    await server.post(
      '/api/messages',
      withName(submit({ verb: 'ask', id: 'social-gradient', note: 'Zed Marker' })),
    );
    await server.post('/api/messages', withName(message('Zed Marker zzqx', 'channel')));
    expect(lines.length).toBeGreaterThan(4);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const turns = records.filter((r) => r.msg === 'turn handled');
    expect(turns).toHaveLength(4);
    expect(new Set(turns.map((t) => t.correlationId)).size).toBe(4);
    const all = lines.join('\n');
    expect(all).not.toMatch(/Zed|Marker|universalism for|chest pain/i);
  });

  it('counts a signposted message and keeps nothing else of it', async () => {
    const before = counters.counts.get('signpost.emergency') ?? 0;
    const res = await server.post('/api/messages', message('I have chest pain'));
    expect(repliesOf(res.json)).toHaveLength(1);
    expect(counters.counts.get('signpost.emergency')).toBe(before + 1);
    expect([...counters.counts.keys()].join(' ')).not.toMatch(/chest/);
  });
});
