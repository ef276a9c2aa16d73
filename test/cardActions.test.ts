import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cardReply } from '../src/routing/reply';
import { execute, submit } from './helpers/activities';
import { FakeConnector } from './helpers/fakeConnector';
import { type RunningServer, repliesOf, startTestServer } from './helpers/testServer';

let server: RunningServer;
let connector: FakeConnector;
// A help card whose one example carries the count, so each press shows a different card.
const card = (n: number) =>
  cardReply('help', { examples: [{ id: 'count', question: `count ${n}` }] }, 'count');

beforeAll(async () => {
  server = await startTestServer();
  connector = await new FakeConnector().start();
  // A verb that changes a card, carrying all it needs in its data, as later features' verbs do.
  server.app.router.registerVerb('count', async (_turn, data) => ({
    kind: 'card',
    reply: card(Number(data.n) + 1),
    scope: 'presser',
  }));
});
afterAll(async () => {
  await server.stop();
  await connector.stop();
});

describe('the card action dispatcher', () => {
  it('answers Action.Execute with the new card in the invoke response, for the presser only', async () => {
    const res = await server.post('/api/messages', execute('count', { n: 1 }));
    expect(res.status).toBe(200);
    const invoke = repliesOf(res.json).find((a) => a.type === 'invokeResponse');
    const body = (invoke!.value as { body: { statusCode: number; type: string; value: unknown } }).body;
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(body.value)).toContain('count 2');
    expect(JSON.stringify(body.value)).not.toContain('count 1');
  });

  it('answers Action.Execute without expectReplies in the HTTP body', async () => {
    const res = await server.post(
      '/api/messages',
      execute('count', { n: 5 }, 'personal', { expectReplies: false, serviceUrl: connector.url }),
    );
    expect(res.status).toBe(200);
    expect(JSON.stringify((res.json as { value: unknown }).value)).toContain('count 6');
  });

  it('the Action.Submit fallback with the same verb and data updates the card in place', async () => {
    const before = connector.requests.length;
    const res = await server.post(
      '/api/messages',
      submit({ verb: 'count', n: 2 }, 'personal', { expectReplies: false, serviceUrl: connector.url }),
    );
    expect(res.status).toBe(200);
    await connector.waitFor(before + 1);
    const update = connector.requests[before];
    expect(update.method).toBe('PUT');
    expect(update.path).toMatch(/\/activities\/card-activity-1$/);
    expect(JSON.stringify(update.body)).toContain('count 3');
  });

  it('an unknown verb gets a 400 invoke response, or a polite message on Submit', async () => {
    const res = await server.post('/api/messages', execute('nope', {}));
    const invoke = repliesOf(res.json).find((a) => a.type === 'invokeResponse');
    expect((invoke!.value as { body: { statusCode: number } }).body.statusCode).toBe(400);
    const submitted = repliesOf((await server.post('/api/messages', submit({ verb: 'nope' }))).json);
    expect(String(submitted[0].text)).toMatch(/out of date/);
  });

  it('lists every built-in verb in docs/card-actions.md', () => {
    const doc = readFileSync(join(__dirname, '..', 'docs', 'card-actions.md'), 'utf8');
    for (const verb of server.app.router.verbNames.filter((v) => v !== 'count'))
      expect(doc).toContain(`\`${verb}\``);
  });
});
