import type { AnyCard } from './reply';
import type { ActionData, Turn } from './turn';

/**
 * The message extension's port: the compose box's search and the actions on a message. These run
 * in any conversation, where the bot may not be installed, so a handler gets a turn that can only
 * log: it answers with data the Teams layer puts in the invoke response, and never posts.
 */
export type ComposeTurn = Pick<Turn, 'log'>;

/** A card with the title and line Teams shows for it (a result's preview, a dialog's title). */
export interface TitledCard {
  title: string;
  text: string;
  card: AnyCard;
}

/** One result in the compose box's list: its preview, and the card inserted when it is picked. */
export interface ComposeResult extends TitledCard {
  /**
   * Sent back when the result is picked, to build its card afresh (a selectItem invoke). Without
   * it, `card` is inserted as it is.
   */
  pick?: ActionData;
}

/** A card, or a short message Teams shows in its own box instead (nothing is inserted or posted). */
export type ComposeAnswer = ({ kind: 'card' } & TitledCard) | { kind: 'message'; text: string };

/** A search command: the query (already capped and screened for urgency) to its results, best first. */
export type ComposeSearchHandler = (
  turn: ComposeTurn,
  query: string,
  sensitive: boolean,
) => Promise<ComposeResult[]>;

/** A picked result's `pick` data: the card to insert, or a message when it no longer exists. */
export type ComposePickHandler = (turn: ComposeTurn, data: ActionData) => Promise<ComposeAnswer>;

/** A message action: the message's plain text to what only the person who chose it sees. */
export type MessageActionHandler = (turn: ComposeTurn, text: string) => Promise<ComposeAnswer>;

/** The rows of the message extension, each command by its id in appPackage/manifest.json. */
export interface ComposeRows {
  searches: Readonly<Record<string, ComposeSearchHandler>>;
  pick: ComposePickHandler;
  messageActions: Readonly<Record<string, MessageActionHandler>>;
  /** A query or a message that reads as someone in danger now: the urgent-help card, alone. */
  urgent: (turn: ComposeTurn, category: string) => TitledCard;
}
