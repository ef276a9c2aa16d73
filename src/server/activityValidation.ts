/**
 * Checks, before botbuilder sees it, that a parsed JSON body is an activity the code can handle:
 * every field the bot or botbuilder reads has the right type, ids are at most 1,024 characters of
 * well-formed UTF-16, arrays hold objects (not null), and nothing is nested deeper than 32 levels.
 * A body that fails gets 400 with the field named (never a 5xx, never the apology card). Fields
 * nobody reads are let through: Teams adds new ones.
 */
export type ValidationResult = { ok: true } | { ok: false; error: string };

export const MAX_DEPTH = 32;
export const MAX_ID_LENGTH = 1024;

type Rule =
  /** An identifier or short value: a string of at most MAX_ID_LENGTH well-formed UTF-16. */
  | { kind: 'id'; required?: true }
  /** Free text (a message): any length the body allows. */
  | { kind: 'text'; required?: true }
  | { kind: 'boolean' }
  /** A count or an offset: a whole number from 0. */
  | { kind: 'count' }
  | { kind: 'url'; required?: true }
  | { kind: 'object'; required?: true; fields: Readonly<Record<string, Rule>> }
  | { kind: 'array'; items: Rule & { kind: 'object' } };

const id = { kind: 'id' } as const;
const requiredId = { kind: 'id', required: true } as const;
const account = {
  kind: 'object',
  required: true,
  fields: { id: requiredId, name: id, aadObjectId: id, role: id },
} as const;
const member = { kind: 'object', fields: { id: requiredId, name: id, aadObjectId: id } } as const;

/** The fields read by the bot (src/teams, src/storage, the route) and by botbuilder's handlers. */
const ACTIVITY: Readonly<Record<string, Rule>> = {
  type: requiredId,
  id,
  channelId: requiredId,
  serviceUrl: { kind: 'url', required: true },
  from: account,
  recipient: account,
  conversation: {
    kind: 'object',
    required: true,
    fields: { id: requiredId, conversationType: id, tenantId: id, isGroup: { kind: 'boolean' }, name: id },
  },
  channelData: {
    kind: 'object',
    fields: {
      tenant: { kind: 'object', fields: { id } },
      team: { kind: 'object', fields: { id, name: id } },
      channel: { kind: 'object', fields: { id, name: id } },
      eventType: id,
    },
  },
  text: { kind: 'text' },
  locale: id,
  replyToId: id,
  action: id,
  name: id,
  deliveryMode: id,
  callerId: id,
  timestamp: id,
  localTimestamp: id,
  entities: {
    kind: 'array',
    items: {
      kind: 'object',
      fields: { type: id, text: { kind: 'text' }, mentioned: { kind: 'object', fields: { id, name: id } } },
    },
  },
  membersAdded: { kind: 'array', items: member },
  membersRemoved: { kind: 'array', items: member },
  attachments: { kind: 'array', items: { kind: 'object', fields: { contentType: id, name: id } } },
};

/** Top-level fields an error may name even when only their nesting is wrong (never a caller's own key). */
const NAMEABLE = new Set([
  ...Object.keys(ACTIVITY),
  'value',
  'relatesTo',
  'suggestedActions',
  'summary',
  'textFormat',
  'speak',
  'inputHint',
  'attachmentLayout',
  'semanticAction',
  'reactionsAdded',
  'reactionsRemoved',
  'properties',
  'valueType',
  'label',
  'code',
  'expiration',
  'importance',
  'listenFor',
  'textHighlights',
  'topicName',
  'historyDisclosed',
  'localTimezone',
]);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function validateActivity(body: unknown): ValidationResult {
  if (!isRecord(body)) return fail('the body must be a JSON object (an activity)');
  const deep = tooDeep(body);
  if (deep !== undefined)
    return fail(`${deep ? `field ${deep}` : 'the body'} is nested deeper than ${MAX_DEPTH} levels`);
  const problem = checkFields(body, ACTIVITY, '');
  if (problem) return fail(problem);
  // botbuilder parses a meeting event's value strictly and would throw on a malformed one.
  const meeting = MEETING_EVENTS[String(body.name)];
  if (body.type === 'event' && meeting) {
    const value = checkValue(body.value, { kind: 'object', required: true, fields: meeting }, 'value');
    if (value) return fail(value);
  }
  const invoke = body.type === 'invoke' ? INVOKE_VALUES.get(String(body.name)) : undefined;
  if (invoke) {
    const value = checkValue(body.value, { kind: 'object', required: true, fields: invoke }, 'value');
    if (value) return fail(value);
  }
  return { ok: true };
}

const text = { kind: 'text' } as const;
const count = { kind: 'count' } as const;

/**
 * The message extension's invokes (src/teams/composeInvoke.ts) and two that botbuilder answers
 * alone: the fields they read in each value. A selectItem's value is the data the bot put on the
 * result it listed, read as a card action's data is, so only its being an object is checked.
 */
const INVOKE_VALUES: ReadonlyMap<string, Readonly<Record<string, Rule>>> = new Map<
  string,
  Readonly<Record<string, Rule>>
>([
  [
    'composeExtension/query',
    {
      commandId: requiredId,
      parameters: { kind: 'array', items: { kind: 'object', fields: { name: id, value: text } } },
      queryOptions: { kind: 'object', fields: { skip: count, count } },
    },
  ],
  ['composeExtension/selectItem', {}],
  [
    'composeExtension/fetchTask',
    {
      commandId: requiredId,
      commandContext: id,
      messagePayload: {
        kind: 'object',
        fields: { id, body: { kind: 'object', fields: { contentType: id, content: text } } },
      },
    },
  ],
  // botbuilder reads botMessagePreviewAction to pick its handler; the bot reads nothing else.
  ['composeExtension/submitAction', { commandId: id, botMessagePreviewAction: id }],
  // Handled by botbuilder alone, which reads value.action, and sets value.kind on a search's value.
  ['fileConsent/invoke', { action: id }],
  ['application/search', { kind: id, queryText: text }],
]);

const meetingFields = (time: 'StartTime' | 'EndTime'): Readonly<Record<string, Rule>> => ({
  Id: requiredId,
  JoinUrl: { kind: 'text', required: true },
  MeetingType: { kind: 'text', required: true },
  Title: { kind: 'text', required: true },
  [time]: requiredId,
});
const MEETING_EVENTS: Readonly<Record<string, Readonly<Record<string, Rule>>>> = {
  'application/vnd.microsoft.meetingStart': meetingFields('StartTime'),
  'application/vnd.microsoft.meetingEnd': meetingFields('EndTime'),
};

const fail = (error: string): ValidationResult => ({ ok: false, error });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The top-level field holding something nested deeper than MAX_DEPTH ('' for a field the caller
 * made up: its name is not echoed), found without recursion.
 */
function tooDeep(body: Record<string, unknown>): string | undefined {
  const stack: [unknown, number, string][] = Object.entries(body).map(([key, value]) => [value, 2, key]);
  while (stack.length > 0) {
    const [node, depth, top] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > MAX_DEPTH) return NAMEABLE.has(top) ? top : '';
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1, top]);
  }
  return undefined;
}

function checkFields(
  record: Record<string, unknown>,
  fields: Readonly<Record<string, Rule>>,
  prefix: string,
): string | undefined {
  for (const [key, rule] of Object.entries(fields)) {
    const problem = checkValue(record[key], rule, `${prefix}${key}`);
    if (problem) return problem;
  }
  return undefined;
}

function checkValue(value: unknown, rule: Rule, name: string): string | undefined {
  // An optional field may be absent or null; botbuilder and the bot treat both alike.
  if (value === undefined || value === null)
    return 'required' in rule && rule.required ? `missing field: ${name}` : undefined;
  switch (rule.kind) {
    case 'id':
      return checkId(value, name, rule.required === true);
    case 'text':
      return typeof value === 'string' ? undefined : `field ${name} must be a string`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `field ${name} must be true or false`;
    case 'count':
      return Number.isSafeInteger(value) && (value as number) >= 0
        ? undefined
        : `field ${name} must be a whole number from 0`;
    case 'url': {
      const problem = checkId(value, name, true);
      if (problem) return problem;
      return /^https?:\/\/[^\s/?#]+/i.test(value as string) && URL.canParse(value as string)
        ? undefined
        : `field ${name} must be an http(s) URL`;
    }
    case 'object':
      if (!isRecord(value)) return `field ${name} must be an object`;
      return checkFields(value, rule.fields, `${name}.`);
    case 'array': {
      if (!Array.isArray(value)) return `field ${name} must be an array`;
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        if (!isRecord(item)) return `field ${name}[${i}] must be an object`;
        const problem = checkFields(item, rule.items.fields, `${name}[${i}].`);
        if (problem) return problem;
      }
      return undefined;
    }
  }
}

function checkId(value: unknown, name: string, required: boolean): string | undefined {
  if (typeof value !== 'string')
    return `field ${name} must be ${required ? 'a non-empty string' : 'a string'}`;
  if (required && value.trim() === '') return `field ${name} must be a non-empty string`;
  if (value.length > MAX_ID_LENGTH) return `field ${name} is longer than ${MAX_ID_LENGTH} characters`;
  if (LONE_SURROGATE.test(value)) return `field ${name} is not well-formed UTF-16 (a lone surrogate)`;
  return undefined;
}
