import type { Activity } from 'botbuilder';
import { createLogger } from '../src/log';
import {
  botAdded,
  composeQuery,
  execute,
  installationUpdate,
  invoke,
  message,
  messageAction,
  submit,
} from './helpers/activities';
import { type RunningServer, repliesOf, startTestServer } from './helpers/testServer';

const lines: string[] = [];
let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer(
    {},
    { logger: createLogger('info', { write: (l: string) => void lines.push(l) }) },
  );
});
afterAll(() => server.stop());

/** A copy of the activity with the value at a dotted path replaced (undefined removes it). */
function withField(activity: Activity, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(activity) as unknown as Record<string, unknown>;
  const keys = path.split('.');
  let node = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
  return copy;
}

function nested(levels: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

/** The activity as JSON text with `levels` nested arrays at the path (too deep for JSON.stringify). */
function deeplyNested(activity: Activity, path: string, levels: number): string {
  const json = JSON.stringify(withField(activity, path, '__NESTED__'));
  return json.replace('"__NESTED__"', `${'['.repeat(levels)}"deep"${']'.repeat(levels)}`);
}

const post = async (body: unknown) => {
  const before = lines.length;
  const res = await server.post('/api/messages', body);
  return { ...res, logged: lines.slice(before) };
};

describe('PRODUCT.md minimal activities are valid', () => {
  it.each([
    ['a personal message', () => message('help')],
    ['a group chat message', () => message('help', 'groupChat')],
    ['a channel message with its mention', () => message('help', 'channel')],
    ['a card submit', () => submit({ verb: 'help' })],
    ['an Action.Execute', () => execute('help', {})],
    ['an install', () => installationUpdate('personal')],
    ['the bot added to a team', () => botAdded('channel')],
    ['a compose box search', () => composeQuery('marmot')],
    ['a compose box search on opening', () => composeQuery(null)],
    ['a picked compose box result', () => invoke('composeExtension/selectItem', { id: 'marmot-principles' })],
    ['a message action', () => messageAction({ contentType: 'html', content: '<p>hello</p>' })],
    [
      'a message action dialog closed',
      () => invoke('composeExtension/submitAction', { commandId: 'checkWording' }),
    ],
  ])('%s gets 200', async (_name, make) => {
    const res = await post(make());
    expect(res.status).toBe(200);
  });

  it('null optional fields are treated as absent', async () => {
    let activity = withField(message('help'), 'locale', null) as unknown as Activity;
    activity = withField(activity, 'entities', null) as unknown as Activity;
    activity = withField(activity, 'conversation.conversationType', null) as unknown as Activity;
    const res = await post(activity);
    expect(res.status).toBe(200);
    expect(repliesOf(res.json)).toHaveLength(1);
  });

  it('nesting up to 32 levels is fine', async () => {
    const res = await post(withField(submit({ verb: 'help' }), 'value.deep', nested(29)));
    expect(res.status).toBe(200);
  });
});

describe('a client mistake gets 400 naming the field, one log line, no stack, never the apology', () => {
  const LONE_SURROGATE = 'a:\ud800conversation';
  const cases: [string, unknown, RegExp][] = [
    [
      '5,000 nested arrays in from',
      deeplyNested(message('help'), 'from', 5000),
      /from is nested deeper than 32/,
    ],
    ['5,000 nested arrays in recipient.id', deeplyNested(message('help'), 'recipient.id', 5000), /recipient/],
    [
      '5,000 nested arrays in conversation',
      deeplyNested(message('help'), 'conversation.x', 5000),
      /conversation/,
    ],
    ['33 levels in value', withField(submit({ verb: 'help' }), 'value.deep', nested(32)), /value is nested/],
    [
      'deep nesting under a made-up field',
      withField(message('help'), 'madeUpField', nested(100)),
      /^the body is nested/,
    ],
    ['a numeric text', withField(message('help'), 'text', 42), /field text must be a string/],
    ['an object text', withField(message('help'), 'text', { a: 1 }), /field text/],
    ['a numeric locale', withField(message('help'), 'locale', 7), /field locale/],
    ['a numeric id', withField(message('help'), 'id', 7), /field id/],
    ['an array replyToId', withField(message('help'), 'replyToId', ['x']), /field replyToId/],
    [
      'a numeric conversationType',
      withField(message('help'), 'conversation.conversationType', 1),
      /conversation\.conversationType/,
    ],
    [
      'a boolean tenant id',
      withField(message('help'), 'channelData.tenant.id', true),
      /channelData\.tenant\.id/,
    ],
    [
      'a string channelData',
      withField(message('help'), 'channelData', 'x'),
      /field channelData must be an object/,
    ],
    [
      'membersAdded not an array',
      withField(botAdded('personal'), 'membersAdded', { id: 'x' }),
      /membersAdded must be an array/,
    ],
    [
      'membersAdded holding null',
      withField(botAdded('personal'), 'membersAdded', [null]),
      /membersAdded\[0\] must be an object/,
    ],
    [
      'a member without an id',
      withField(botAdded('personal'), 'membersAdded', [{}]),
      /membersAdded\[0\]\.id/,
    ],
    ['entities not an array', withField(message('help'), 'entities', 'mention'), /entities must be an array/],
    [
      'entities holding null',
      withField(message('help'), 'entities', [null]),
      /entities\[0\] must be an object/,
    ],
    [
      'a mention whose id is a number',
      withField(message('help'), 'entities', [{ type: 'mention', mentioned: { id: 1 } }]),
      /entities\[0\]\.mentioned\.id/,
    ],
    [
      'a conversation id over 1,024 characters',
      withField(message('help'), 'conversation.id', `a:${'x'.repeat(2048)}`),
      /conversation\.id is longer than 1024/,
    ],
    [
      'a conversation id with a lone surrogate',
      withField(message('help'), 'conversation.id', LONE_SURROGATE),
      /conversation\.id is not well-formed UTF-16/,
    ],
    [
      'a from.id with a lone low surrogate',
      withField(message('help'), 'from.id', '29:\udc00'),
      /from\.id is not well-formed/,
    ],
    ['a null from', withField(message('help'), 'from', null), /missing field: from/],
    [
      'a serviceUrl that is not a URL',
      withField(message('help'), 'serviceUrl', 'http://'),
      /serviceUrl must be an http\(s\) URL/,
    ],
    ['a file consent without a value', invoke('fileConsent/invoke', undefined), /missing field: value/],
    [
      'a search whose value is a string',
      invoke('application/search', 'str'),
      /field value must be an object/,
    ],
    ['a search whose value is a number', invoke('application/search', 1), /field value must be an object/],
    [
      'a boolean isGroup given as a string',
      withField(message('help'), 'conversation.isGroup', 'yes'),
      /conversation\.isGroup/,
    ],
  ];

  it.each(cases)('%s', async (_name, body, pattern) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    const error = (res.json as { error: string }).error;
    expect(error).toMatch(pattern);
    expect(error.length).toBeLessThan(200);
    expect(res.text).not.toMatch(/Sorry, something went wrong/);
    expect(res.logged).toHaveLength(1);
    const line = JSON.parse(res.logged[0]) as Record<string, unknown>;
    expect(line).toMatchObject({ msg: 'request refused', status: 400, reason: error });
    expect(res.logged[0]).not.toMatch(/stack|"err"/);
    expect(res.logged[0].length).toBeLessThan(600);
  });
});
