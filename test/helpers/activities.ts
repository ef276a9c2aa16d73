import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';

/**
 * Builds the minimal Teams activities PRODUCT.md promises to handle, and nothing more, so tests
 * catch any code that leans on a field Teams might not send.
 */
export const BOT_ID = '28:bot-app-id';
export const TENANT_ID = '11111111-2222-3333-4444-555555555555';

export type Scope = 'personal' | 'groupChat' | 'channel';

export interface ActivityOptions {
  serviceUrl?: string;
  userId?: string;
  conversationId?: string;
  tenantId?: string;
  expectReplies?: boolean;
}

function base(type: string, scope: Scope, options: ActivityOptions): Record<string, unknown> {
  const conversationId =
    options.conversationId ??
    (scope === 'channel'
      ? '19:general@thread.tacv2'
      : scope === 'groupChat'
        ? '19:group-chat@thread.v2'
        : `a:personal-${randomUUID()}`);
  const channelData: Record<string, unknown> = { tenant: { id: options.tenantId ?? TENANT_ID } };
  if (scope === 'channel') {
    channelData.team = { id: '19:team@thread.tacv2' };
    channelData.channel = { id: conversationId.split(';')[0] };
  }
  return {
    type,
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: options.serviceUrl ?? 'http://127.0.0.1:9/',
    from: { id: options.userId ?? '29:user-1' },
    recipient: { id: BOT_ID },
    conversation: { id: conversationId, conversationType: scope },
    channelData,
    ...(options.expectReplies === false ? {} : { deliveryMode: 'expectReplies' }),
  };
}

/** A message; in a channel the text is prefixed with the bot's @mention and its entity. */
export function message(text: string, scope: Scope = 'personal', options: ActivityOptions = {}): Activity {
  const activity = base('message', scope, options);
  if (scope === 'channel') {
    const mention = '<at>Bot</at>';
    activity.text = `${mention} ${text}`;
    activity.entities = [{ type: 'mention', mentioned: { id: BOT_ID, name: 'Bot' }, text: mention }];
    activity.conversation = {
      ...(activity.conversation as object),
      id: `${(activity.conversation as { id: string }).id};messageid=1700000000000`,
    };
  } else activity.text = text;
  return activity as unknown as Activity;
}

/** What Teams sends when an Action.Submit button is pressed: the card's data as `value`. */
export function submit(
  data: Record<string, unknown>,
  scope: Scope = 'personal',
  options: ActivityOptions = {},
): Activity {
  const activity = base('message', scope, options);
  activity.value = data;
  activity.replyToId = 'card-activity-1';
  return activity as unknown as Activity;
}

/** What Teams sends when an Action.Execute button is pressed. */
export function execute(
  verb: string,
  data: Record<string, unknown>,
  scope: Scope = 'personal',
  options: ActivityOptions = {},
): Activity {
  const activity = base('invoke', scope, options);
  activity.name = 'adaptiveCard/action';
  activity.value = { action: { type: 'Action.Execute', verb, data } };
  activity.replyToId = 'card-activity-1';
  return activity as unknown as Activity;
}

export function installationUpdate(scope: Scope, options: ActivityOptions = {}): Activity {
  const activity = base('installationUpdate', scope, options);
  activity.action = 'add';
  return activity as unknown as Activity;
}

export function botAdded(
  scope: Scope,
  options: ActivityOptions = {},
  memberIds: string[] = [BOT_ID],
): Activity {
  const activity = base('conversationUpdate', scope, options);
  activity.membersAdded = memberIds.map((id) => ({ id }));
  return activity as unknown as Activity;
}

/**
 * A message extension invoke as Teams sends it: no deliveryMode (the answer is the HTTP response),
 * from any conversation, where the bot may not be installed.
 */
export function invoke(
  name: string,
  value: unknown,
  scope: Scope = 'groupChat',
  options: ActivityOptions = {},
): Activity {
  const activity = base('invoke', scope, { expectReplies: false, ...options });
  activity.name = name;
  if (value !== undefined) activity.value = value;
  return activity as unknown as Activity;
}

/** Typing in the compose box's search; `null` is the initial run, before anything is typed. */
export function composeQuery(
  query: string | null,
  commandId = 'searchKnowledge',
  options: ActivityOptions = {},
): Activity {
  return invoke(
    'composeExtension/query',
    {
      commandId,
      parameters: [query === null ? { name: 'initialRun', value: 'true' } : { name: 'query', value: query }],
      queryOptions: { skip: 0, count: 25 },
    },
    'groupChat',
    options,
  );
}

/** "Check my wording" (or another message action) chosen on a message with this body. */
export function messageAction(
  body: { contentType: 'html' | 'text'; content: string },
  commandId = 'checkWording',
  options: ActivityOptions = {},
): Activity {
  return invoke(
    'composeExtension/fetchTask',
    {
      commandId,
      commandContext: 'message',
      context: { theme: 'default' },
      messagePayload: { id: '1700000000000', messageType: 'message', body },
    },
    'groupChat',
    options,
  );
}
