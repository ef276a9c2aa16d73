import type { Logger } from '../log';
import type { ConversationReferenceRecord } from '../storage';
import type { Reply } from './reply';

/** Where a turn happens: enough to answer later, and nothing about the person. */
export interface Where {
  conversationType: 'personal' | 'groupChat' | 'channel' | 'unknown';
  tenantId: string;
  /** The team's id in a team (one installation serves all its channels), else the conversation's. */
  installationId: string;
  /** The minimal reference a proactive send needs (no names, no user ids). */
  reference: ConversationReferenceRecord;
}

/**
 * One incoming activity, as features see it. The Teams layer implements it over the SDK's turn;
 * a feature only replies, replaces a card, and reads who and where.
 */
export interface Turn {
  readonly where: Where;
  /** An HMAC of the sender's AAD object id (never the id itself); '' when there is no sender. */
  userKey(): string;
  readonly log: Logger;
  reply(reply: Reply): Promise<void>;
  /** Replaces the card whose button was pressed, for everyone in the conversation. */
  updateCard(reply: Reply): Promise<void>;
}

/** What a card verb did: replied itself, or produced a card to replace the one pressed. */
export type ActionOutcome =
  | { kind: 'replied' }
  | { kind: 'card'; reply: Reply; scope: 'presser' | 'everyone' };

export type ActionData = Readonly<Record<string, unknown>>;

export type CommandHandler = (turn: Turn, args: string) => Promise<void>;
export type VerbHandler = (turn: Turn, data: ActionData) => Promise<ActionOutcome>;
/** What a Teams event tells beyond where it happened. */
export interface EventDetails {
  /** For a meeting event: the meeting's title, as its organiser wrote it. */
  meetingTitle?: string;
}

export type EventHandler = (turn: Turn, details?: EventDetails) => Promise<void>;

/** Teams events a feature can handle, as the Teams layer names them. */
export type TeamsEvent =
  /** The app was installed in a conversation or team. */
  | 'installed'
  /** The app was updated where it was installed (no second welcome). */
  | 'upgraded'
  /** The app was uninstalled, or the bot removed from the conversation or team. */
  | 'removed'
  /** The bot was added to a conversation's members (Teams also sends 'installed'). */
  | 'bot-added'
  | 'team-deleted'
  /** A Teams meeting began (someone started it, not its scheduled time) or ended, in its chat. */
  | 'meeting-started'
  | 'meeting-ended';
