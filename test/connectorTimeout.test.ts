import { message } from './helpers/activities';
import { FakeConnector } from './helpers/fakeConnector';
import { type RunningServer, startTestServer } from './helpers/testServer';

let server: RunningServer;
let connector: FakeConnector;
beforeAll(async () => {
  server = await startTestServer({}, { authentication: { connectorTimeoutMs: 300 } });
  connector = await new FakeConnector().start();
});
afterAll(async () => {
  await server.stop();
  await connector.stop();
});

describe('outbound calls to the Bot Connector', () => {
  it('a connector that never answers does not hold the request: the call times out', async () => {
    connector.always({ kind: 'hang' });
    const started = performance.now();
    const res = await server.post(
      '/api/messages',
      message('help', 'personal', { serviceUrl: connector.url, expectReplies: false }),
    );
    const ms = performance.now() - started;
    process.stdout.write(`hanging connector: answered ${res.status} after ${ms.toFixed(0)} ms\n`);
    expect(res.status).toBeLessThan(500);
    expect(ms).toBeLessThan(5000);
    // One call, abandoned after the timeout; no apology sent the same way to wait as long again.
    expect(connector.requests).toHaveLength(1);
  });

  it('connector clients are reused per service URL: replies still go to the connector each turn names', async () => {
    connector.always({ kind: 'ok' });
    const other = await new FakeConnector().start();
    try {
      const before = connector.requests.length;
      for (const url of [connector.url, other.url, connector.url]) {
        const res = await server.post(
          '/api/messages',
          message('help', 'personal', { serviceUrl: url, expectReplies: false }),
        );
        expect(res.status).toBe(200);
      }
      // The client reused after the hanging call above still sends, and each connector got its own turns.
      expect(connector.requests.slice(before).map((r) => r.answered)).toEqual([200, 200]);
      expect(other.requests.map((r) => r.answered)).toEqual([200]);
    } finally {
      await other.stop();
    }
  });
});
