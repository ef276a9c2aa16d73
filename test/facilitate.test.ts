import { createLogger } from '../src/log';
import { HUDDLE_LIFETIME_MS } from '../src/meetings/huddle';
import { deleteExpiredHuddles, huddleSweeper } from '../src/meetings/huddleSweep';
import { execute, message } from './helpers/activities';
import { FakeConnector } from './helpers/fakeConnector';
import { type RunningServer, repliesOf, startTestServer } from './helpers/testServer';

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

const CHAT = '19:meeting_huddle@thread.v2';
const options = () => ({ conversationId: CHAT, serviceUrl: connector.url });

type Card = { body?: unknown[]; actions?: { verb?: string; data?: Record<string, unknown> }[] };
/** The card in an Action.Execute's invoke response. */
async function press(verb: string, data: Record<string, unknown>): Promise<{ card: Card; text: string }> {
  const res = await server.post('/api/messages', execute(verb, data, 'groupChat', options()));
  expect(res.status).toBe(200);
  const replies = repliesOf(res.json);
  const invoke = replies.find((a) => a.type === 'invokeResponse');
  const body = (invoke!.value as { body: { type: string; value: unknown } }).body;
  const card = (body.type === 'application/vnd.microsoft.card.adaptive' ? body.value : {}) as Card;
  const text = replies.map((r) => String(r.text ?? '')).join('\n');
  return { card, text };
}
const versionOf = (card: Card): number =>
  Number(card.actions?.find((a) => a.verb === 'flow-finish')?.data?.version);
const json = (card: Card) => JSON.stringify(card);
const puts = () => connector.requests.filter((r) => r.method === 'PUT');

async function startHuddle(): Promise<Card> {
  const res = await server.post('/api/messages', message('facilitate qi huddle', 'groupChat', options()));
  const reply = repliesOf(res.json).find((r) => Array.isArray(r.attachments));
  return (reply!.attachments as { content: Card }[])[0].content;
}

describe('facilitate', () => {
  it('alone offers the flows; in a personal chat says where it works', async () => {
    const res = await server.post('/api/messages', message('facilitate', 'groupChat', options()));
    const card = JSON.stringify(repliesOf(res.json));
    for (const flow of server.app.knowledge.flows) expect(card).toContain(flow.title);
    const personal = await server.post('/api/messages', message('facilitate qi huddle'));
    expect(JSON.stringify(repliesOf(personal.json))).toMatch(/meeting chat, group chat or channel/);
  });

  it('a whole huddle: next and back move the card for everyone, text is kept, finish gives the summary', async () => {
    const flow = server.app.knowledge.flows.find((f) => f.id === 'qi-huddle')!;
    const withInput = flow.steps.findIndex((s) => s.input);
    expect(withInput).toBeGreaterThanOrEqual(0);
    let card = await startHuddle();
    expect(json(card)).toContain(`Step 1 of ${flow.steps.length}`);
    // The chair's hints quote the flow's source: every step names it and opens it.
    expect(json(card)).toContain(`Source: ${flow.source.title}`);
    expect(json(card)).toContain(
      JSON.stringify({ type: 'Action.OpenUrl', title: 'Open the source', url: flow.source.url }),
    );
    // Walk to the first step with a box.
    for (let i = 0; i < withInput; i++)
      card = (await press('flow-next', { flow: flow.id, version: versionOf(card) })).card;
    expect(json(card)).toContain(flow.steps[withInput].prompt);

    const before = puts().length;
    const next = await press('flow-next', {
      flow: flow.id,
      version: versionOf(card),
      answer: 'Fewer missed appointments',
    });
    expect(json(next.card)).toContain(`Step ${withInput + 2} of ${flow.steps.length}`);
    // Everyone's copy was replaced in place: a PUT to the pressed card's activity.
    expect(puts().length).toBe(before + 1);
    expect(puts().at(-1)!.path).toMatch(/\/activities\/card-activity-1$/);
    expect(JSON.stringify(puts().at(-1)!.body)).toContain(`Step ${withInput + 2} of`);

    const back = await press('flow-back', { flow: flow.id, version: versionOf(next.card) });
    expect(json(back.card)).toContain(flow.steps[withInput].prompt);
    expect(json(back.card)).toContain('Fewer missed appointments');

    const done = await press('flow-finish', { flow: flow.id, version: versionOf(back.card) });
    expect(json(done.card)).toContain('Summary');
    expect(json(done.card)).toContain('Fewer missed appointments');
    expect(JSON.stringify(puts().at(-1)!.body)).toContain('Fewer missed appointments');
    // Nothing is kept once finished: a late press is told the huddle is over.
    const late = await press('flow-next', { flow: flow.id, version: versionOf(back.card) + 1 });
    expect(late.text).toMatch(/finished or timed out/);
  });

  it('finished with nothing written, the summary says so and promises nothing about answers', async () => {
    const card = await startHuddle();
    const done = await press('flow-finish', { flow: 'qi-huddle', version: versionOf(card) });
    expect(json(done.card)).toContain('Nothing was written down.');
    expect(json(done.card)).not.toMatch(/huddle\.|answers are not kept/);
  });

  it('a huddle no one finishes is deleted by the sweep a day after its last change, not before', async () => {
    const card = await startHuddle();
    const huddles = async () =>
      (await server.app.storage.list('data/')).keys.filter((k) => k.includes('/huddle/'));
    expect(await huddles()).toHaveLength(1);
    const hourLater = new Date(Date.now() + 60 * 60 * 1000);
    expect(await deleteExpiredHuddles(server.app.storage, hourLater)).toBe(0);
    expect(await huddles()).toHaveLength(1);
    const dayLater = new Date(Date.now() + HUDDLE_LIFETIME_MS + 60 * 1000);
    expect(await deleteExpiredHuddles(server.app.storage, dayLater)).toBe(1);
    expect(await huddles()).toHaveLength(0);
    // The card left in the chat is told the huddle is over.
    const late = await press('flow-next', { flow: 'qi-huddle', version: versionOf(card) });
    expect(late.text).toMatch(/finished or timed out/);
  });

  it('the sweeper runs the sweep on its own timer, and a storage failure is logged, not thrown', async () => {
    await startHuddle();
    const lines: string[] = [];
    const logger = createLogger('info', { write: (l: string) => void lines.push(l) });
    const dayLater = () => new Date(Date.now() + HUDDLE_LIFETIME_MS + 60 * 1000);
    const sweeper = huddleSweeper(server.app.storage, logger, dayLater, 20);
    sweeper.start();
    await new Promise((r) => setTimeout(r, 300));
    await sweeper.stop();
    expect(lines.join('\n')).toMatch(/"event":"huddles-expired","deleted":1/);
    const broken = { ...server.app.storage, list: async () => Promise.reject(new Error('storage down')) };
    const failing = huddleSweeper(broken, logger, dayLater, 20);
    failing.start();
    await new Promise((r) => setTimeout(r, 100));
    await failing.stop();
    expect(lines.at(-1)).toMatch(/"event":"huddle-sweep-failed"/);
  });

  it('two people pressing Next at once move it one step, not two', async () => {
    const card = await startHuddle();
    const version = versionOf(card);
    const before = puts().length;
    const [a, b] = await Promise.all([
      press('flow-next', { flow: 'qi-huddle', version }),
      press('flow-next', { flow: 'qi-huddle', version }),
    ]);
    expect(json(a.card)).toContain('Step 2 of');
    expect(json(b.card)).toContain('Step 2 of');
    expect(puts().length).toBe(before + 1);
    // The next press from the current card goes to step 3: the huddle moved once.
    const third = await press('flow-next', { flow: 'qi-huddle', version: versionOf(a.card) });
    expect(json(third.card)).toContain('Step 3 of');
  });

  it('a press on an old card gets the current step, not an error, and moves nothing', async () => {
    const first = await startHuddle();
    const second = await press('flow-next', { flow: 'qi-huddle', version: versionOf(first) });
    const before = puts().length;
    const stale = await press('flow-next', { flow: 'qi-huddle', version: versionOf(first) });
    expect(json(stale.card)).toContain('Step 2 of');
    expect(versionOf(stale.card)).toBe(versionOf(second.card));
    expect(puts().length).toBe(before);
  });
});
