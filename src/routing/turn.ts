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
 * The person behind a turn, for the few features that must check or show who acted (the admin who
 * names the experts' channel, the expert who takes a ticket, the asker an answer goes back to).
 * Never logged; only an expert's display name is stored, on the ticket they hold.
 */
export interface Person {
  /** The display name Teams sends; '' when absent. */
  name: string;
  /** Lower case; '' when absent. */
  aadObjectId: string;
  /** The Teams user id (29:...), which a proactive 1:1 chat is opened with; '' when absent. */
  teamsId: string;
}

/**
 * One incoming activity, as features see it. The Teams layer implements it over the SDK's turn;
 * a feature only replies, replaces a card, and reads who and where.
 */
export interface Turn {
  readonly where: Where;
  /** An HMAC of the sender's AAD object id (never the id itself); '' when there is no sender. */
  userKey(): string;
  person(): Person;
  readonly log: Logger;
  reply(reply: Reply): Promise<void>;
  /** Replaces the card whose button was pressed, for everyone in the conversation. */
  updateCard(reply: Reply): Promise<void>;
}

/**
 * What a card verb did: replied itself, produced a card to replace the one pressed, or has a short
 * word for the presser alone (a refusal, a missing field) that leaves the card as it is.
 */
export type ActionOutcome =
  | { kind: 'replied' }
  | { kind: 'notice'; text: string }
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
