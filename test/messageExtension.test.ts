import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  askInChatLink,
  MAX_COMPOSE_RESULTS,
  NO_LONGER_AVAILABLE,
  SharedAnswers,
} from '../src/answers/sharedAnswers';
import { loadCardRenderer } from '../src/cards/renderCard';
import { NOTHING_TO_CHECK } from '../src/coach/checkMessage';
import { createLogger } from '../src/log';
import { ACTION_UNAVAILABLE } from '../src/teams/composeInvoke';
import { RATE_LIMITED_TEXT } from '../src/teams/rateLimit';
import { composeQuery, invoke, messageAction } from './helpers/activities';
import { cardProblems } from './helpers/adaptiveCards';
import { FakeConnector } from './helpers/fakeConnector';
import { actionsOf, type RunningServer, startTestServer, textOf } from './helpers/testServer';

/** The message extension through the real HTTP endpoint, as Teams' invokes reach it. */

interface Preview {
  title: string;
  text: string;
  tap?: { type: string; value: Record<string, unknown> };
}
interface ResultAttachment {
  contentType: string;
  content: Record<string, unknown>;
  preview: { contentType: string; content: Preview };
}
interface ComposeBody {
  composeExtension: {
    type: string;
    attachmentLayout?: string;
    attachments?: ResultAttachment[];
    text?: string;
  };
}
interface TaskBody {
  task: {
    type: 'continue' | 'message';
    value:
      | string
      | {
          title: string;
          width: string;
          height: string;
          card: { contentType: string; content: Record<string, unknown> };
        };
  };
}

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
afterEach(() => {
  // Nothing the message extension does posts to, or changes, the conversation.
  expect(connector.requests).toEqual([]);
});

const at = { serviceUrl: () => connector.url };
const post = (body: unknown) => server.post('/api/messages', body);
const search = async (query: string | null, commandId?: string) => {
  const res = await post(composeQuery(query, commandId, { serviceUrl: at.serviceUrl() }));
  expect(res.status).toBe(200);
  return (res.json as ComposeBody).composeExtension;
};
const select = async (value: unknown) => {
  const res = await post(
    invoke('composeExtension/selectItem', value, 'channel', { serviceUrl: at.serviceUrl() }),
  );
  expect(res.status).toBe(200);
  return (res.json as ComposeBody).composeExtension;
};
const checkWording = async (body: { contentType: 'html' | 'text'; content: string }, commandId?: string) => {
  const res = await post(messageAction(body, commandId, { serviceUrl: at.serviceUrl() }));
  expect(res.status).toBe(200);
  return (res.json as TaskBody).task;
};

/** The card's actions and select actions of every kind, at any depth. */
function actionTypes(card: Record<string, unknown>): string[] {
  const types: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (typeof obj.type === 'string' && obj.type.startsWith('Action.')) types.push(obj.type);
      for (const v of Object.values(obj)) walk(v);
    }
  };
  walk(card);
  return types;
}

describe('searching the knowledge base from the compose box (composeExtension/query)', () => {
  it('finds the proportionate universalism entry first for "proportionate universalsm", within Teams\' 5 seconds', async () => {
    const started = performance.now();
    const result = await search('proportionate universalsm');
    const ms = performance.now() - started;
    // Teams gives up after 5 s; a search takes milliseconds, so half of it is room to spare.
    expect(ms).toBeLessThan(2500);
    expect(result).toMatchObject({ type: 'result', attachmentLayout: 'list' });
    const [first, ...rest] = result.attachments ?? [];
    expect(first.preview).toMatchObject({
      contentType: 'application/vnd.microsoft.card.thumbnail',
      content: {
        title: 'Proportionate universalism',
        tap: { type: 'invoke', value: { id: 'proportionate-universalism' } },
      },
    });
    expect(first.preview.content.text).toMatch(/^Proportionate universalism means action for everyone/);
    expect(first.preview.content.text.length).toBeLessThanOrEqual(160);
    // The card a client inserts without asking again is the entry's own shared card.
    expect(first.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(textOf(first.content)).toContain('Proportionate universalism');
    expect(rest.length).toBeLessThan(MAX_COMPOSE_RESULTS);
  });

  it('lists up to ten entries for a broad query, each with a title, a preview and a card', async () => {
    // "health" alone was the broad query until the fourth search round; the retrained model now
    // refuses a bare "health" or "wellbeing" (docs/search.md), so the box shows nothing for them.
    const result = await search('building blocks');
    const attachments = result.attachments ?? [];
    expect(attachments.length).toBeGreaterThan(3);
    expect(attachments.length).toBeLessThanOrEqual(MAX_COMPOSE_RESULTS);
    const ids = attachments.map((a) => a.preview.content.tap?.value.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of attachments) {
      expect(a.preview.content.title).not.toBe('');
      expect(a.preview.content.text).not.toBe('');
      expect(cardProblems(a.content)).toEqual([]);
    }
  });

  it("uses the bot's search: what the bot answers, the compose box lists first", async () => {
    for (const question of ['what is the social gradient', 'model for improvment', 'PDSA']) {
      const asked = server.app.knowledge.index.search(question);
      const listed = await search(question);
      if (asked.decision === 'none') expect(listed.attachments).toEqual([]);
      else expect(listed.attachments?.[0].preview.content.tap?.value.id).toBe(asked.results[0].entry.id);
    }
  });

  it("shows the help card's example entries when nothing is typed yet (initial run) or the box is emptied", async () => {
    const starters = [...new Set(server.app.knowledge.helpExamples.map((e) => e.id))];
    for (const query of [null, '', '   ']) {
      const result = await search(query);
      expect(result.attachments?.map((a) => a.preview.content.tap?.value.id)).toEqual(starters);
    }
  });

  it('lists nothing for a query the bot would not answer', async () => {
    expect((await search('zzqx vbnm')).attachments).toEqual([]);
  });

  it.each([
    ['1,000 characters', 'proportionate universalism '.repeat(40).slice(0, 1000)],
    ['100,000 characters', 'x'.repeat(100_000)],
    ['lone surrogates', '\ud800 equity \udc00 marmot \ud83d'],
    ['emoji and zero-width joiners', '👩‍⚕️ equity 🏳️‍🌈 ‍‍'],
    ['right-to-left and combining marks', 'مساواة صحية e\u0301quity Z̷̢a̶l̸g̵o̴'],
    ['control characters and NUL', '\u0000\u0007marmot\u001b[31m\u007f'],
    ['only punctuation', '?!.,;:—…'],
    ['HTML and template braces', `<script>alert(1)</script> \${title} {{x}}`],
  ])('answers %s with results or an empty list, never an error', async (_name, query) => {
    const result = await search(query);
    expect(result.type).toBe('result');
    expect((result.attachments ?? []).length).toBeLessThanOrEqual(MAX_COMPOSE_RESULTS);
    for (const a of result.attachments ?? []) expect(cardProblems(a.content)).toEqual([]);
  });

  it('gives the urgent-help card alone for a query that reads as someone in danger now', async () => {
    const result = await search('I want to end it all');
    expect(result.attachments).toHaveLength(1);
    const [only] = result.attachments ?? [];
    expect(only.preview.content.title).toBe('This needs a person, not a bot');
    // Nothing to fetch: the card inserted is the one given.
    expect(only.preview.content.tap).toBeUndefined();
    expect(textOf(only.content)).toContain('999');
    expect(actionTypes(only.content).every((t) => t === 'Action.OpenUrl')).toBe(true);
  });

  it('adds the support line to the card of a sensitive (professional) query, as the bot does', async () => {
    const result = await search('how do we talk about suicide prevention with partners');
    const first = result.attachments?.[0];
    if (!first) throw new Error('the sensitive query found nothing');
    expect(first.preview.content.tap?.value).toMatchObject({ s: true });
    expect(textOf(first.content)).toContain('Samaritans');
    const picked = await select(first.preview.content.tap?.value);
    expect(textOf(picked.attachments?.[0].content)).toContain('Samaritans');
  });

  it('answers a later page (Teams asks when the list is scrolled to its end) with nothing', async () => {
    const activity = composeQuery('health', undefined, { serviceUrl: connector.url });
    (activity.value as { queryOptions: object }).queryOptions = { skip: 25, count: 25 };
    const res = await post(activity);
    expect(res.status).toBe(200);
    expect((res.json as ComposeBody).composeExtension.attachments).toEqual([]);
  });

  it('answers a command id it does not know (an old manifest) with an empty list', async () => {
    expect((await search('marmot', 'noSuchCommand')).attachments).toEqual([]);
    expect((await search('marmot', 'constructor')).attachments).toEqual([]);
  });

  it('never logs the query', async () => {
    const before = lines.length;
    await search('proportionate universalsm secret-words-here');
    const logged = lines.slice(before).join('\n');
    expect(logged).toContain('"event":"compose-search"');
    expect(logged).not.toContain('secret-words-here');
    expect(logged).not.toContain('universalsm');
  });
});

describe('the manifest', () => {
  it('declares exactly the message extension commands the routing table has', () => {
    const manifest = JSON.parse(
      readFileSync(join(__dirname, '..', 'appPackage', 'manifest.json'), 'utf8'),
    ) as {
      composeExtensions: { commands: { id: string }[] }[];
    };
    const declared = manifest.composeExtensions.flatMap((e) => e.commands.map((c) => c.id));
    expect(declared.sort()).toEqual(server.app.router.composeCommandIds.sort());
  });
});

describe('picking a result (composeExtension/selectItem)', () => {
  it('returns the proportionate universalism answer card, with its source and no button that needs the bot', async () => {
    const result = await select({ id: 'proportionate-universalism' });
    expect(result.type).toBe('result');
    expect(result.attachments).toHaveLength(1);
    const [attachment] = result.attachments ?? [];
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = attachment.content;
    expect(cardProblems(card)).toEqual([]);
    const entry = server.app.knowledge.byId.get('proportionate-universalism')!;
    expect(textOf(card)).toContain(entry.title);
    expect(textOf(card)).toContain(entry.summary);
    expect(textOf(card)).toContain(`Source: ${entry.source.title}`);
    const links = actionsOf(card).filter((a) => a.type === 'Action.OpenUrl');
    expect(links.map((a) => a.url)).toContain(entry.source.url);
    // Action.Execute and Action.Submit need the bot in the conversation, and it may not be there.
    expect(
      actionTypes(card).filter((t) => t !== 'Action.OpenUrl' && t !== 'Action.ToggleVisibility'),
    ).toEqual([]);
    expect(JSON.stringify(card)).not.toMatch(/Action\.(Execute|Submit)|"verb"/);
    // Local mode has no app id, so no link to a chat with the bot.
    expect(JSON.stringify(card)).not.toContain('teams.microsoft.com/l/chat');
    expect(attachment.preview.content.title).toBe('Proportionate universalism');
  });

  it.each([
    ['an unknown id', { id: 'no-such-entry' }],
    ['no id', {}],
    ['a numeric id', { id: 42 }],
    ['a huge id', { id: 'x'.repeat(100_000) }],
    ['"__proto__"', { id: '__proto__' }],
  ])('answers %s with a polite message, not an error', async (_name, value) => {
    const result = await select(value);
    expect(result).toEqual({ type: 'message', text: NO_LONGER_AVAILABLE });
  });

  it("logs a picked id only when it is an entry's", async () => {
    const before = lines.length;
    await select({ id: 'Zq'.repeat(50_000) });
    await select({ id: 'marmot-principles' });
    const logged = lines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    const picks = logged.filter((r) => r.event === 'compose-pick');
    expect(picks.map((r) => [r.found, r.id])).toEqual([
      [false, undefined],
      [true, 'marmot-principles'],
    ]);
    expect(lines.slice(before).join('\n')).not.toContain('ZqZq');
  });
});

describe('"Check my wording" on a message (composeExtension/fetchTask)', () => {
  it("opens a dialog with the coach's result on the message's text, HTML removed", async () => {
    const task = await checkWording({
      contentType: 'html',
      content: '<p>We need to stop people making <b>lifestyle choices</b>&nbsp;that harm them.</p>',
    });
    expect(task.type).toBe('continue');
    const value = task.value as Exclude<TaskBody['task']['value'], string>;
    expect(value.title).toBe('Check my wording');
    expect(value.card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = value.card.content;
    expect(cardProblems(card)).toEqual([]);
    const text = textOf(card);
    expect(text).toContain('Wording check');
    expect(text).toContain('lifestyle choices');
    expect(text).not.toMatch(/<b>|<p>|&nbsp;/);
    // No buttons in a dialog: the chat's (Check another, Learn more) would answer in the chat.
    expect(actionsOf(card)).toEqual([]);
  });

  it('checks a plain-text message as it is', async () => {
    const task = await checkWording({ contentType: 'text', content: 'Poor choices <3 are the problem' });
    const value = task.value as Exclude<TaskBody['task']['value'], string>;
    expect(textOf(value.card.content)).toContain('Poor choices');
  });

  it('shows the urgent-help card instead for a message that reads as someone in danger now', async () => {
    const task = await checkWording({ contentType: 'html', content: '<p>I want to end it all</p>' });
    expect(task.type).toBe('continue');
    const value = task.value as Exclude<TaskBody['task']['value'], string>;
    expect(value.title).toBe('This needs a person, not a bot');
    expect(textOf(value.card.content)).toContain('999');
  });

  it.each([
    ['an empty message', { contentType: 'html' as const, content: '' }],
    ['a card only', { contentType: 'html' as const, content: '<attachment id="abc"></attachment>' }],
  ])('says there is nothing to check for %s', async (_name, body) => {
    expect(await checkWording(body)).toEqual({ type: 'message', value: NOTHING_TO_CHECK });
  });

  it('says so for a message with no payload', async () => {
    const res = await post(
      invoke(
        'composeExtension/fetchTask',
        { commandId: 'checkWording', commandContext: 'message' },
        'groupChat',
        {
          serviceUrl: connector.url,
        },
      ),
    );
    expect(res.status).toBe(200);
    expect((res.json as TaskBody).task).toEqual({ type: 'message', value: NOTHING_TO_CHECK });
  });

  it('answers an action id it does not know with a message', async () => {
    expect(await checkWording({ contentType: 'text', content: 'hello' }, 'searchKnowledge')).toEqual({
      type: 'message',
      value: ACTION_UNAVAILABLE,
    });
  });

  it('closes a dialog on a submitAction (its card has no buttons) without posting anything', async () => {
    const res = await post(
      invoke(
        'composeExtension/submitAction',
        { commandId: 'checkWording', commandContext: 'message', data: {} },
        'groupChat',
        { serviceUrl: connector.url },
      ),
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual({});
  });

  it('never logs the message', async () => {
    const before = lines.length;
    await checkWording({ contentType: 'text', content: 'secret-words-here and lifestyle choices' });
    const logged = lines.slice(before).join('\n');
    expect(logged).toContain('"event":"message-action"');
    expect(logged).not.toContain('secret-words-here');
  });
});

describe('malformed message extension invokes get 400 naming the field, never a 5xx', () => {
  const query = (value: unknown) => invoke('composeExtension/query', value);
  it.each([
    ['a query with no value', query(undefined), /missing field: value/],
    ['a query whose value is a string', query('marmot'), /field value must be an object/],
    ['a query with no command id', query({ parameters: [] }), /value\.commandId/],
    ['a numeric command id', query({ commandId: 7 }), /value\.commandId/],
    [
      'parameters not an array',
      query({ commandId: 'searchKnowledge', parameters: { value: 'x' } }),
      /value\.parameters/,
    ],
    [
      'a parameter that is null',
      query({ commandId: 'searchKnowledge', parameters: [null] }),
      /value\.parameters\[0\]/,
    ],
    [
      'a numeric parameter value',
      query({ commandId: 'searchKnowledge', parameters: [{ name: 'query', value: 5 }] }),
      /value\.parameters\[0\]\.value/,
    ],
    [
      'a negative skip',
      query({ commandId: 'searchKnowledge', queryOptions: { skip: -1 } }),
      /value\.queryOptions\.skip/,
    ],
    [
      'a fractional count',
      query({ commandId: 'searchKnowledge', queryOptions: { count: 2.5 } }),
      /value\.queryOptions\.count/,
    ],
    ['a selectItem with no value', invoke('composeExtension/selectItem', undefined), /missing field: value/],
    [
      'a selectItem whose value is an array',
      invoke('composeExtension/selectItem', ['x']),
      /value must be an object/,
    ],
    ['a fetchTask with no value', invoke('composeExtension/fetchTask', undefined), /missing field: value/],
    [
      'a fetchTask whose message body is a string',
      invoke('composeExtension/fetchTask', { commandId: 'checkWording', messagePayload: { body: 'hi' } }),
      /value\.messagePayload\.body/,
    ],
    [
      'a fetchTask whose message content is a number',
      invoke('composeExtension/fetchTask', {
        commandId: 'checkWording',
        messagePayload: { body: { contentType: 'html', content: 1 } },
      }),
      /value\.messagePayload\.body\.content/,
    ],
    [
      'a submitAction with no value',
      invoke('composeExtension/submitAction', undefined),
      /missing field: value/,
    ],
    [
      'a numeric botMessagePreviewAction',
      invoke('composeExtension/submitAction', { commandId: 'checkWording', botMessagePreviewAction: 1 }),
      /value\.botMessagePreviewAction/,
    ],
  ])('%s', async (_name, body, pattern) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect((res.json as { error: string }).error).toMatch(pattern);
  });

  it.each([
    [
      'a message preview the bot never offered',
      invoke('composeExtension/submitAction', { botMessagePreviewAction: 'send' }),
    ],
    [
      'an unknown preview action',
      invoke('composeExtension/submitAction', { botMessagePreviewAction: 'explode' }),
    ],
    ['a settings query the manifest does not declare', invoke('composeExtension/querySettingUrl', {})],
  ])('%s gets 400', async (_name, body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
  });
});

describe('the rate limit in the compose box', () => {
  it("answers an invoke over the limit in the compose box's own shape, so Teams shows the text", async () => {
    const limited = await startTestServer({ RATE_LIMIT_PER_MINUTE: '1' });
    try {
      const first = await limited.post(
        '/api/messages',
        composeQuery('marmot', undefined, { userId: '29:fast' }),
      );
      expect((first.json as ComposeBody).composeExtension.type).toBe('result');
      const second = await limited.post(
        '/api/messages',
        composeQuery('marmot', undefined, { userId: '29:fast' }),
      );
      expect(second.status).toBe(200);
      expect(second.json).toEqual({ composeExtension: { type: 'message', text: RATE_LIMITED_TEXT } });
      const dialog = await limited.post(
        '/api/messages',
        messageAction({ contentType: 'text', content: 'x' }, undefined, { userId: '29:fast' }),
      );
      expect(dialog.json).toEqual({ task: { type: 'message', value: 'Please wait a minute.' } });
    } finally {
      await limited.stop();
    }
  });
});

describe('the shared answer card', () => {
  const APP_ID = '0b5b6a4e-3c7d-4e8f-9a1b-2c3d4e5f6a7b';
  const renderer = loadCardRenderer(join(__dirname, '..', 'cards'));
  const log = { log: createLogger('silent') };

  it('links to a personal chat with the bot, the question typed in, when an app id is set', async () => {
    const shared = new SharedAnswers(server.app.knowledge, APP_ID);
    const answer = await shared.pick(log, { id: 'proportionate-universalism' });
    if (answer.kind !== 'card') throw new Error('no card');
    const card = renderer.render(answer.card.name, answer.card.data);
    expect(cardProblems(card)).toEqual([]);
    const ask = actionsOf(card).find((a) => a.title === 'Ask the assistant in a chat');
    expect(ask).toMatchObject({
      type: 'Action.OpenUrl',
      url: `https://teams.microsoft.com/l/chat/0/0?users=28:${APP_ID}&message=What%20is%20proportionate%20universalism%3F`,
    });
    expect(actionTypes(card).every((t) => t === 'Action.OpenUrl' || t === 'Action.ToggleVisibility')).toBe(
      true,
    );
  });

  it('has no chat link without an app id (local mode)', () => {
    expect(askInChatLink('', 'What is QI?')).toBe('');
    expect(askInChatLink(APP_ID, 'a&b=c?')).toBe(
      `https://teams.microsoft.com/l/chat/0/0?users=28:${APP_ID}&message=a%26b%3Dc%3F`,
    );
  });

  it('renders for every entry into a valid card well under 40 KB, with only links for buttons', () => {
    const shared = new SharedAnswers(server.app.knowledge, APP_ID);
    for (const entry of server.app.knowledge.entries) {
      const { card } = shared.titledCard(entry, true);
      const rendered = renderer.render(card.name, card.data);
      expect(cardProblems(rendered)).toEqual([]);
      // Teams counts a message's size in UTF-16: twice the JSON length.
      expect(JSON.stringify(rendered).length * 2).toBeLessThan(40 * 1024);
      expect(
        actionTypes(rendered).every((t) => t === 'Action.OpenUrl' || t === 'Action.ToggleVisibility'),
      ).toBe(true);
    }
  });
});
