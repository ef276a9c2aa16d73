import type { Activity } from 'botbuilder';
import { DraftAnswers } from '../src/experts/drafts';
import { NOT_ON_THE_TEAM } from '../src/experts/ticketReplies';
import { parseEntry } from '../src/knowledge/parseEntry';
import { draftEntry } from '../src/tools/drafts';
import { erase } from '../src/tools/erase';
import { execute, message } from './helpers/activities';
import { FakeConnector } from './helpers/fakeConnector';
import { actionsOf, cardOf, type RunningServer, repliesOf, startTestServer } from './helpers/testServer';

const ADMIN = { id: '29:admin', name: 'Ada Admin', aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000001' };
const EXPERT = { id: '29:expert', name: 'Sam Patel', aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000002' };
const ASKER = { id: '29:asker', name: 'Jo Bloggs', aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000003' };
const EXPERTS_CHANNEL = '19:experts@thread.tacv2';
const UNANSWERABLE = 'where can I park my van overnight';

type Person = typeof ADMIN;
const as = (person: Person, activity: Activity): Activity => ({ ...activity, from: person }) as Activity;

let connector: FakeConnector;
let server: RunningServer;
let now = new Date('2026-12-03T10:00:00Z');

beforeAll(async () => {
  connector = await new FakeConnector().start();
  server = await startTestServer(
    { ADMIN_AAD_IDS: ADMIN.aadObjectId.toUpperCase(), QUESTION_RETENTION_DAYS: '30' },
    { proactive: { sleep: async () => {}, attemptTimeoutMs: 2000, baseDelayMs: 1 }, clock: () => now },
  );
});
afterAll(async () => {
  await server?.stop();
  await connector?.stop();
});

const options = (conversationId?: string) => ({ serviceUrl: connector.url, conversationId });
async function say(
  person: Person,
  text: string,
  scope: 'personal' | 'channel' | 'groupChat',
  conversationId?: string,
) {
  const res = await server.post('/api/messages', as(person, message(text, scope, options(conversationId))));
  return repliesOf(res.json);
}
/** Presses an Action.Execute; the invoke response's type and value. */
async function press(
  person: Person,
  verb: string,
  data: Record<string, unknown>,
  scope: 'personal' | 'channel' | 'groupChat',
  conversationId?: string,
  replyToId?: string,
) {
  const activity = as(person, execute(verb, data, scope, options(conversationId)));
  if (replyToId) (activity as { replyToId?: string }).replyToId = replyToId;
  const res = await server.post('/api/messages', activity);
  const all = repliesOf(res.json);
  const invoke = all.find((a) => a.type === 'invokeResponse');
  const body = (invoke!.value as { body: { type: string; value: unknown } }).body;
  return { type: body.type, value: body.value, replies: all.filter((a) => a.type === 'message') };
}
const cardText = (card: unknown): string => JSON.stringify(card);
async function storedUnder(prefix: string): Promise<Record<string, unknown>[]> {
  const { keys } = await server.app.storage.list(prefix);
  return [...(await server.app.storage.read(keys)).values()].map((i) => i.value as Record<string, unknown>);
}
/** What the fake connector was sent into a conversation: new posts (POST) or updates (PUT). */
const posted = (conversation: string, method = 'POST') =>
  connector.requests.filter(
    (r) =>
      r.method === method &&
      decodeURIComponent(r.path).includes(`/v3/conversations/${conversation}/activities`),
  );

describe('ask the expert team: a ticket from question to answer', () => {
  let ticketId = '';
  let ticketCardId = '';
  let askerChat = '';

  it('offers no "Ask the team" until an experts\' channel is set', async () => {
    const [reply] = await say(ASKER, UNANSWERABLE, 'personal');
    expect(cardText(cardOf(reply))).toContain("I don't have an answer");
    expect(actionsOf(cardOf(reply)).map((a) => a.title)).not.toContain('Ask the team');
  });

  it("only an admin can make a channel the experts' channel, and only in a channel", async () => {
    const refused = await say(EXPERT, 'experts here', 'channel', EXPERTS_CHANNEL);
    expect(refused[0].text).toMatch(/Only the assistant's admins/);
    const notChannel = await say(ADMIN, 'experts here', 'personal');
    expect(notChannel[0].text).toMatch(/team channel/);
    const done = await say(ADMIN, 'experts here', 'channel', EXPERTS_CHANNEL);
    expect(done[0].text).toMatch(/now the expert team's channel/);
    const status = await say(EXPERT, 'experts', 'channel', EXPERTS_CHANNEL);
    expect(status[0].text).toMatch(/This is the expert team's channel/);
  });

  it("a new user's unanswered question leads in two presses to a ticket card in the experts' channel", async () => {
    askerChat = `a:personal-asker`;
    const [reply] = await say(ASKER, UNANSWERABLE, 'personal', askerChat);
    const card = cardOf(reply);
    // Press 1 opens the form (Action.ShowCard, in the client); it is prefilled with the question.
    const ask = actionsOf(card).find((a) => a.title === 'Ask the team')!;
    expect(ask.type).toBe('Action.ShowCard');
    expect(cardText(ask.card)).toContain(`"value":"${UNANSWERABLE}"`);
    const send = actionsOf(ask.card as Record<string, unknown>).find((a) => a.verb === 'ticket-open')!;
    expect(send.type).toBe('Action.Execute');

    // Press 2 sends it; Teams adds the form's inputs to the action's data.
    const before = connector.requests.length;
    const sent = await press(
      ASKER,
      'ticket-open',
      {
        ...(send.data as object),
        question: `${UNANSWERABLE}? I'm Jo Bloggs, jo.bloggs@example.org`,
        details: 'It is a minibus for our lunch club near LU1 2AB; call me on 07700 900123',
      },
      'personal',
      askerChat,
    );
    expect(sent.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(sent.value)).toContain('Sent to the expert team');
    expect(cardText(sent.value)).toContain('The answer will arrive here');
    ticketId = /T-[2-9A-HJ-NP-Z]{6}/.exec(cardText(sent.value))![0];

    const toChannel = posted(EXPERTS_CHANNEL).filter((r) => connector.requests.indexOf(r) >= before);
    expect(toChannel).toHaveLength(1);
    const ticketCard = (toChannel[0].body!.attachments as { content: unknown }[])[0].content;
    const text = cardText(ticketCard);
    expect(text).toContain(ticketId);
    expect(text).toContain('where can I park my van overnight?');
    expect(text).toContain('[email]');
    expect(text).toContain('[postcode]');
    expect(text).toContain('[phone number]');
    expect(text).not.toMatch(/Jo|Bloggs|LU1|07700/);
    expect(text).toContain('Assign to me');
    ticketCardId = `activity-${connector.requests.indexOf(toChannel[0]) + 1}`;
    const [stored] = (await storedUnder('tickets/')).filter((t) => t.id === ticketId);
    expect(stored).toMatchObject({ status: 'open', card: { activityId: ticketCardId } });
    expect(JSON.stringify(stored)).not.toMatch(/Jo Bloggs|29:asker|jo\.bloggs/);
  });

  it("someone outside the experts' channel cannot act on the ticket", async () => {
    const refused = await press(ASKER, 'ticket-assign', { ticket: ticketId }, 'personal', askerChat);
    expect(refused).toMatchObject({
      type: 'application/vnd.microsoft.activity.message',
      value: NOT_ON_THE_TEAM,
    });
    const other = await press(
      EXPERT,
      'ticket-close',
      { ticket: ticketId, reason: 'x' },
      'channel',
      '19:other@thread.tacv2',
    );
    expect(other.value).toBe(NOT_ON_THE_TEAM);
    const [stored] = (await storedUnder('tickets/')).filter((t) => t.id === ticketId);
    expect(stored.status).toBe('open');
  });

  it('an expert assigns it to themself: the card changes in place for the whole channel', async () => {
    const before = connector.requests.length;
    const assigned = await press(
      EXPERT,
      'ticket-assign',
      { ticket: ticketId },
      'channel',
      EXPERTS_CHANNEL,
      ticketCardId,
    );
    expect(cardText(assigned.value)).toContain('Assigned to Sam Patel');
    expect(cardText(assigned.value)).not.toContain('Assign to me');
    const updates = posted(`${EXPERTS_CHANNEL}`, 'PUT').filter(
      (r) => connector.requests.indexOf(r) >= before,
    );
    expect(updates).toHaveLength(1);
    expect(updates[0].path).toContain(ticketCardId);
    expect(cardText(updates[0].body)).toContain('Assigned to Sam Patel');
  });

  it("the expert's answer reaches the asker's personal chat with Yes/No, and can be kept as a draft entry", async () => {
    const before = connector.requests.length;
    const answer =
      'Park at the council depot on Kingsway; ring the depot first. Community transport vans can use it free.';
    const answered = await press(
      EXPERT,
      'ticket-answer',
      { ticket: ticketId, answer, draft: 'true' },
      'channel',
      EXPERTS_CHANNEL,
      ticketCardId,
    );
    expect(cardText(answered.value)).toContain('Answered by Sam Patel');
    expect(cardText(answered.value)).toContain('Sent to the person who asked');
    expect(cardText(answered.value)).toContain('Reopen');
    const toAsker = posted(askerChat).filter((r) => connector.requests.indexOf(r) >= before);
    expect(toAsker).toHaveLength(1);
    const answerCard = (toAsker[0].body!.attachments as { content: Record<string, unknown> }[])[0].content;
    expect(cardText(answerCard)).toContain(answer);
    expect(
      actionsOf(answerCard)
        .filter((a) => a.verb === 'ticket-feedback')
        .map((a) => a.title),
    ).toEqual(['Yes', 'No']);
    expect(
      posted(EXPERTS_CHANNEL, 'PUT').filter((r) => connector.requests.indexOf(r) >= before),
    ).toHaveLength(1);
    const drafts = await new DraftAnswers(server.app.storage).all();
    expect(drafts).toEqual([expect.objectContaining({ ticketId, answer })]);
    // Written out by `npm run drafts`, it parses as an entry whose body is the answer.
    const file = draftEntry(drafts[0]);
    const parsed = parseEntry(`${file.id}.md`, file.text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.entry!.id).toBe(`draft-${ticketId.toLowerCase()}`);
    expect(parsed.entry!.questions[0]).toBe(drafts[0].question);
    expect(parsed.entry!.body).toContain(answer);

    // The asker says it did not help: thanked in place, and the ticket card shows it.
    const no = await press(
      ASKER,
      'ticket-feedback',
      { ticket: ticketId, helpful: 'no' },
      'personal',
      askerChat,
    );
    expect(cardText(no.value)).toContain('Thanks for telling us');
    const [stored] = (await storedUnder('tickets/')).filter((t) => t.id === ticketId);
    expect(stored).toMatchObject({ status: 'answered', helpful: false, delivered: true, draftSaved: true });
    const notHelpful = (await storedUnder('questions/')).filter((q) => q.reason === 'not-helpful');
    expect(notHelpful.map((q) => q.topEntry)).toContain(`ticket:${ticketId}`);
  });

  it('reopened and closed with a reason: the asker is told why', async () => {
    const reopened = await press(
      EXPERT,
      'ticket-reopen',
      { ticket: ticketId },
      'channel',
      EXPERTS_CHANNEL,
      ticketCardId,
    );
    expect(cardText(reopened.value)).toContain('Assigned to Sam Patel');
    const before = connector.requests.length;
    const closed = await press(
      EXPERT,
      'ticket-close',
      { ticket: ticketId, reason: 'not for this team', note: 'Try the council parking team.' },
      'channel',
      EXPERTS_CHANNEL,
      ticketCardId,
    );
    expect(cardText(closed.value)).toContain('Closed: not for this team');
    const told = posted(askerChat).filter((r) => connector.requests.indexOf(r) >= before);
    expect(told).toHaveLength(1);
    expect(told[0].body!.text).toMatch(
      /closed your question .*not for this team\. Try the council parking team\./,
    );
  });

  it("asked in a group chat, the answer opens the asker's personal chat rather than posting in the group", async () => {
    const group = '19:lunch-club@thread.v2';
    const sent = await press(
      ASKER,
      'ticket-open',
      { question: 'who funds the lunch club minibus' },
      'groupChat',
      group,
    );
    expect(cardText(sent.value)).toContain('your personal chat with me');
    const id = /T-[2-9A-HJ-NP-Z]{6}/.exec(cardText(sent.value))![0];
    const before = connector.requests.length;
    await press(
      EXPERT,
      'ticket-answer',
      { ticket: id, answer: 'The community transport grant.' },
      'channel',
      EXPERTS_CHANNEL,
      'x',
    );
    const after = connector.requests.slice(before);
    const created = after.find(
      (r) => r.method === 'POST' && r.path.replace(/\/$/, '') === '/v3/conversations',
    );
    expect(created?.body).toMatchObject({ isGroup: false, members: [{ id: ASKER.id }] });
    expect(after.some((r) => decodeURIComponent(r.path).includes(group))).toBe(false);
    expect(
      after.some(
        (r) =>
          r.method === 'POST' &&
          /\/v3\/conversations\/[^/]+\/activities/.test(r.path) &&
          cardText(r.body).includes('community transport grant'),
      ),
    ).toBe(true);
  });

  it("when the experts' channel cannot be reached, the ticket is kept and the card says so", async () => {
    const chat = 'a:personal-unreached';
    const [reply] = await say(ASKER, UNANSWERABLE, 'personal', chat);
    const ask = actionsOf(cardOf(reply)).find((a) => a.title === 'Ask the team')!;
    const send = actionsOf(ask.card as Record<string, unknown>).find((a) => a.verb === 'ticket-open')!;
    connector.nextFor(EXPERTS_CHANNEL, { kind: 'status', status: 403 });
    const sent = await press(
      ASKER,
      'ticket-open',
      { ...(send.data as object), question: 'is there a grant for a second minibus?' },
      'personal',
      chat,
    );
    const text = cardText(sent.value);
    expect(text).toContain('Kept for the expert team');
    expect(text).not.toContain('Sent to the expert team');
    expect(text).toContain('could not reach');
    const id = /T-[2-9A-HJ-NP-Z]{6}/.exec(text)![0];
    expect((await storedUnder('tickets/')).some((t) => t.id === id)).toBe(true);
  });

  it('erasing a conversation erases the tickets asked in it', async () => {
    const before = await storedUnder('tickets/');
    const inGroup = before.filter((t) => JSON.stringify(t).includes('19:lunch-club@thread.v2'));
    expect(inGroup).toHaveLength(1);
    const line = await erase(
      { kind: 'conversation', id: '19:lunch-club@thread.v2' },
      server.app.storage,
      'x'.repeat(64),
    );
    expect(line).toContain('1 ticket(s) asked there');
    expect(await storedUnder('tickets/')).toHaveLength(before.length - 1);
  });

  it('an urgent message typed into the form is signposted and goes nowhere', async () => {
    const before = connector.requests.length;
    const tickets = (await storedUnder('tickets/')).length;
    const urgent = await press(
      ASKER,
      'ticket-open',
      { question: 'who can help', details: 'my neighbour says he is going to kill himself tonight' },
      'personal',
      askerChat,
    );
    expect(cardText(urgent.replies[0])).toMatch(/999/);
    expect((await storedUnder('tickets/')).length).toBe(tickets);
    expect(posted(EXPERTS_CHANNEL).filter((r) => connector.requests.indexOf(r) >= before)).toHaveLength(0);
    expect(JSON.stringify(await storedUnder(''))).not.toContain('kill himself');
  });
});

describe('the knowledge-gap report in Teams', () => {
  it("`report` in the experts' channel shows the weak questions and tickets; elsewhere it says where", async () => {
    const [card] = await say(EXPERT, 'report 30d', 'channel', EXPERTS_CHANNEL);
    const text = cardText(cardOf(card));
    expect(text).toContain('where can I park my van overnight');
    expect(text).toMatch(/T-[2-9A-HJ-NP-Z]{6}/);
    const [elsewhere] = await say(EXPERT, 'report', 'personal');
    expect(elsewhere.text).toMatch(/expert team's channel/);
    // Words that are not a window make a question, not the command.
    const [question] = await say(EXPERT, 'report on child poverty in Luton', 'channel', EXPERTS_CHANNEL);
    expect(cardText(cardOf(question))).not.toContain('T-');
  });
});

describe('weak questions for the gap report', () => {
  it('a question with no answer is kept redacted, without who asked; a sensitive or urgent one is not kept', async () => {
    await say(ASKER, 'Hi I am Jo Bloggs, where can I park my van, ring 07700 900123', 'personal');
    await say(ASKER, 'my friend has taken an overdose and is not waking up', 'personal');
    const kept = (await storedUnder('questions/')).map((q) => q.text as string);
    expect(kept).toContain('Hi I am [name], where can I park my van, ring [phone number]');
    expect(kept.join('\n')).not.toMatch(/overdose|Jo|Bloggs/);
    const [record] = (await storedUnder('questions/')).filter((q) => String(q.text).startsWith('Hi I am'));
    expect(Object.keys(record).sort()).toEqual([
      'at',
      'conversationType',
      'reason',
      'text',
      'topEntry',
      'topScore',
    ]);
  });

  it('questions and tickets older than QUESTION_RETENTION_DAYS are deleted', async () => {
    const questions = (await storedUnder('questions/')).length;
    const tickets = (await storedUnder('tickets/')).length;
    expect(questions).toBeGreaterThan(0);
    expect(tickets).toBeGreaterThan(0);
    now = new Date(now.getTime() + 31 * 86_400_000);
    await say(ASKER, UNANSWERABLE, 'personal'); // a new day: the log prunes as it writes
    const left = await storedUnder('questions/');
    expect(left).toHaveLength(1);
    expect(left[0].at).toBe(now.toISOString());
    // Opening a ticket on a new day prunes tickets untouched for the retention.
    await press(ASKER, 'ticket-open', { question: 'a fresh question' }, 'personal', askerChatFresh());
    expect((await storedUnder('tickets/')).map((t) => t.question)).toEqual(['a fresh question']);
  });
});

function askerChatFresh(): string {
  return 'a:personal-fresh';
}
