import { message } from './helpers/activities';
import { FakeConnector } from './helpers/fakeConnector';
import { actionsOf, type RunningServer, startTestServer } from './helpers/testServer';

let server: RunningServer;
let connector: FakeConnector;
beforeAll(async () => {
  server = await startTestServer();
  connector = await new FakeConnector().start();
});
afterAll(async () => {
  await server.stop();
  await connector.stop();
});

describe('replies without expectReplies', () => {
  it('are posted to the Bot Connector at the serviceUrl', async () => {
    const activity = message('help', 'personal', { serviceUrl: connector.url, expectReplies: false });
    const res = await server.post('/api/messages', activity);
    expect(res.status).toBe(200);
    await connector.waitFor(1);
    const posted = connector.requests[0];
    expect(posted.method).toBe('POST');
    const conversationId = (activity.conversation as { id: string }).id;
    expect(posted.path).toBe(
      `/v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activity.id!)}`,
    );
    expect(posted.body?.summary).toBe('How I can help');
    const card = (posted.body!.attachments as { content: Record<string, unknown> }[])[0].content;
    expect(actionsOf(card).some((a) => (a.data as { verb?: string })?.verb === 'ask')).toBe(true);
  });

  it('a single 500 from the connector is retried and the reply still arrives', async () => {
    const before = connector.requests.length;
    connector.next({ kind: 'status', status: 500 });
    const res = await server.post(
      '/api/messages',
      message('help', 'personal', { serviceUrl: connector.url, expectReplies: false }),
    );
    expect(res.status).toBe(200);
    await connector.waitFor(before + 2);
    expect(connector.requests.slice(before).map((r) => r.body?.summary)).toEqual([
      'How I can help',
      'How I can help',
    ]);
  });
});
