import { createLogger } from '../src/log';
import { execute, submit } from './helpers/activities';
import { cardOf, type RunningServer, repliesOf, startTestServer, textOf } from './helpers/testServer';

const lines: string[] = [];
let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer(
    {},
    { logger: createLogger('info', { write: (l: string) => void lines.push(l) }) },
  );
  // A verb whose handler fails, as a storage outage or a bug would make it.
  server.app.router.registerVerb('explode', async () => {
    throw new Error('handler failed');
  });
});
afterAll(() => server.stop());

/** The correlation id of the turn error logged since `before`. */
function loggedCorrelationId(before: number): string {
  const errors = lines
    .slice(before)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((r) => r.msg === 'turn error');
  expect(errors).toHaveLength(1);
  return errors[0].correlationId as string;
}

describe('a card action that fails', () => {
  it('Action.Execute answers the person who pressed with a short card carrying the correlation id', async () => {
    const before = lines.length;
    const res = await server.post('/api/messages', execute('explode', {}));
    expect(res.status).toBe(200);
    const [reply] = repliesOf(res.json);
    expect(reply.type).toBe('invokeResponse');
    const body = (
      reply.value as { status: number; body: { statusCode: number; type: string; value: unknown } }
    ).body;
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    const text = textOf(body.value as Record<string, unknown>);
    expect(text).toMatch(/didn't work/);
    expect(text).toContain(`Reference: ${loggedCorrelationId(before)}`);
  });

  it('Action.Execute without expectReplies: the HTTP answer is that card, not a 501', async () => {
    const before = lines.length;
    const res = await server.post(
      '/api/messages',
      execute('explode', {}, 'personal', { expectReplies: false }),
    );
    expect(res.status).toBe(200);
    const body = res.json as { type: string; value: Record<string, unknown> };
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(textOf(body.value)).toContain(`Reference: ${loggedCorrelationId(before)}`);
  });

  it('Action.Submit answers with the same card', async () => {
    const before = lines.length;
    const res = await server.post('/api/messages', submit({ verb: 'explode' }));
    expect(res.status).toBe(200);
    const replies = repliesOf(res.json);
    expect(replies).toHaveLength(1);
    expect(textOf(cardOf(replies[0]))).toContain(`Reference: ${loggedCorrelationId(before)}`);
    expect(replies[0].summary).toMatch(/didn't work/);
  });
});
