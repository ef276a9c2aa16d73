import type { Signposter } from '../signposting/signposting';
import { type CommandSpec, type ParsedCommand, parseCommand } from './commands';
import { plainDraft } from './plainText';

/**
 * Signposting reads at most this much of a message: five times what search reads, so an urgent
 * sentence after a long work message is still seen, while text crafted to be slow to match stays
 * near 10 ms and cannot hold the event loop.
 */
export const MAX_SIGNPOST_CHARS = 5_000;

/** What a typed message is, decided the same way by the bot and by `npm run ask`. */
export type MessageRoute =
  | { kind: 'signpost'; category: string }
  | { kind: 'command'; command: ParsedCommand }
  | { kind: 'question'; text: string; sensitive: boolean };

export interface RouteDeps {
  signposter: Pick<Signposter, 'classify'>;
  commands: readonly CommandSpec[];
  /** Whether words after `qi` name a QI topic. */
  isQiTopic: (words: string) => boolean;
}

/**
 * Urgent messages come first, before commands and search: "check I want to end it all" gets the
 * signposting card, not the framing coach. `text` is the message without the bot's @mention, line
 * breaks kept (a `check` draft may span lines).
 */
export function routeMessage(text: string, deps: RouteDeps): MessageRoute {
  const plain = plainDraft(text);
  const outcome = deps.signposter.classify(plain.slice(0, MAX_SIGNPOST_CHARS));
  if (outcome.kind === 'urgent') return { kind: 'signpost', category: outcome.category };
  const command = parseCommand(plain, deps.commands, { isQiTopic: deps.isQiTopic });
  if (command) return { kind: 'command', command };
  return {
    kind: 'question',
    text: plain.replace(/\s+/g, ' ').trim(),
    sensitive: outcome.kind === 'sensitive',
  };
}
