import { execute, message } from './helpers/activities';
import { cardOf, type RunningServer, repliesOf, startTestServer } from './helpers/testServer';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

type Action = { type: string; verb?: string; title?: string; data?: Record<string, unknown> };
/** Every Action.Execute on a card, however deep. */
function executes(node: unknown, out: Action[] = []): Action[] {
  if (Array.isArray(node)) for (const n of node) executes(n, out);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record.type === 'Action.Execute') out.push(record as unknown as Action);
    for (const value of Object.values(record)) executes(value, out);
  }
  return out;
}
async function pressed(verb: string, data: Record<string, unknown>) {
  const res = await server.post('/api/messages', execute(verb, data));
  const invoke = repliesOf(res.json).find((a) => a.type === 'invokeResponse');
  return (invoke!.value as { body: { value: unknown } }).body.value;
}
async function stored(): Promise<Record<string, unknown>[]> {
  const { keys } = await server.app.storage.list('feedback/');
  return [...(await server.app.storage.read(keys)).values()].map((i) => i.value as Record<string, unknown>);
}

describe('"Was this helpful?" on answer cards', () => {
  it('every answer card asks, with Yes and No as Action.Execute carrying the entry and knowledge version', async () => {
    const card = cardOf(
      repliesOf((await server.post('/api/messages', message('what is proportionate universalism'))).json)[0],
    );
    expect(JSON.stringify(card)).toContain('Was this helpful?');
    const buttons = executes(card).filter((a) => a.verb === 'feedback');
    expect(buttons.map((b) => b.title)).toEqual(['Yes', 'No']);
    expect(buttons[1].data).toMatchObject({
      id: 'proportionate-universalism',
      helpful: 'no',
      kv: server.app.knowledge.version,
    });
  });

  it('No stores the feedback, updates the card in place with a box, and the comment is kept redacted', async () => {
    const before = (await stored()).length;
    const card = await pressed('feedback', {
      id: 'proportionate-universalism',
      helpful: 'no',
      kv: 'abc',
      s: false,
    });
    const text = JSON.stringify(card);
    expect(text).not.toContain('Was this helpful?');
    expect(text).toContain('"id":"comment"');
    const records = await stored();
    expect(records).toHaveLength(before + 1);
    const record = records.find((r) => r.helpful === false)!;
    expect(record).toMatchObject({
      entryId: 'proportionate-universalism',
      knowledgeVersion: 'abc',
      helpful: false,
      conversationType: 'personal',
    });
    // Who pressed is not kept.
    expect(JSON.stringify(records)).not.toContain('29:user-1');

    const send = executes(card).find((a) => a.verb === 'feedback-comment')!;
    const thanks = await pressed('feedback-comment', {
      ...send.data,
      comment: 'It needs the Luton figures; email jo.bloggs@nhs.net or call 07700 900123',
    });
    expect(JSON.stringify(thanks)).toContain('Thanks for telling us');
    const commented = (await stored()).find((r) => typeof r.comment === 'string')!;
    expect(commented.comment).toBe('It needs the Luton figures; email [email] or call [phone number]');
  });

  it('Yes is thanked and stored; an unknown entry or a forged reference stores nothing more', async () => {
    const before = (await stored()).length;
    const card = await pressed('feedback', { id: 'five-whys', helpful: 'yes', kv: 'abc', s: false });
    expect(JSON.stringify(card)).toContain('Thanks for telling us');
    expect((await stored()).filter((r) => r.helpful === true && r.entryId === 'five-whys')).toHaveLength(1);
    expect(await pressed('feedback', { id: 'no-such-entry', helpful: 'no' })).toBe('Done');
    await pressed('feedback-comment', { id: 'five-whys', ref: 'installations/x', comment: 'sneaky' });
    expect(await stored()).toHaveLength(before + 1);
    expect(JSON.stringify(await stored())).not.toContain('sneaky');
  });

  it('keeps the support line on a card that had it', async () => {
    const card = await pressed('feedback', { id: 'five-whys', helpful: 'yes', s: true });
    expect(JSON.stringify(card)).toContain(server.app.knowledge.signposter.content.supportLine.slice(0, 30));
  });
});
