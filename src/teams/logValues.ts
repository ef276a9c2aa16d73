import { ActivityTypes } from 'botbuilder';

/**
 * What a caller sends may go to the logs only as one of these allow-listed values, each at most
 * 64 characters: an attacker's 100 KB "verb" becomes "unknown", not a 100 KB log line.
 */
export const MAX_LOGGED_LENGTH = 64;

const ACTIVITY_TYPES: ReadonlySet<string> = new Set(Object.values(ActivityTypes));
const CONVERSATION_TYPES: ReadonlySet<string> = new Set(['personal', 'groupChat', 'channel']);

const cut = (value: string): string => value.slice(0, MAX_LOGGED_LENGTH);

function allowed(value: unknown, known: { has(value: string): boolean }): string {
  return typeof value === 'string' && known.has(value) ? cut(value) : 'unknown';
}

/** The activity type if it is one botbuilder knows, else "unknown". */
export const loggedActivityType = (value: unknown): string => allowed(value, ACTIVITY_TYPES);

/** personal, groupChat or channel, else "unknown". */
export const loggedConversationType = (value: unknown): string => allowed(value, CONVERSATION_TYPES);

/** The card action verb if a handler is registered for it, else "unknown". */
export const loggedVerb = (value: unknown, knownVerbs: { has(verb: string): boolean }): string =>
  allowed(value, knownVerbs);
