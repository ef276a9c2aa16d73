import type { Activity } from 'botbuilder';
import { createLogger } from '../src/log';
import { message } from './helpers/activities';
import { FakeConnector } from './helpers/fakeConnector';
import { type RunningServer, startTestServer } from './helpers/testServer';

// An error's message can quote what people wrote: the logs keep where it failed, never the message.
const lines: string[] = [];
let server: RunningServer;
let connector: FakeConnector;
beforeAll(async () => {
  connector = await new FakeConnector().start();
  server = await startTestServer(
    {},
    { logger: createLogger('info', { write: (l: string) => void lines.push(l) }) },
  );
});
afterAll(async () => {
  await server.stop();
  await connector.stop();
});

describe('errors in the logs', () => {
  it("a connector failure that echoes the reply logs its name, status and frames, not the person's name or words", async () => {
    const before = lines.length;
    connector.always({ kind: 'echo', status: 400 });
    const activity = {
      ...message('what is proportionate universalism', 'personal', {
        serviceUrl: connector.url,
        expectReplies: false,
      }),
      from: { id: '29:zq', name: 'Zebedee Quixotic', aadObjectId: 'aaaaaaaa-0000-4000-8000-00000000000f' },
    } as Activity;
    const res = await server.post('/api/messages', activity);
    expect(res.status).toBe(200);
    // The reply and the apology both went out and came back as errors quoting them.
    expect(connector.requests.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(connector.requests[0].body)).toContain('Zebedee Quixotic');
    const logged = lines.slice(before);
    const error = logged
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((r) => r.msg === 'turn error');
    expect(error?.err).toMatchObject({ name: expect.any(String), status: 400, frames: expect.any(Array) });
    expect(logged.join('\n')).not.toMatch(/Zebedee|Quixotic|what is proportionate|could not deliver/);
  });
});
