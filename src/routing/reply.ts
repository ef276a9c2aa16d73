import type { CardDataMap, CardName } from '../cards/cardTypes';
import { deepFreeze } from '../cards/deepFreeze';

/** A card template in cards/ with the data it is bound to. */
export type CardOf<K extends CardName> = { name: K; data: CardDataMap[K] };
export type AnyCard = { [K in CardName]: CardOf<K> }[CardName];

/**
 * What a feature answers with, as plain data: the Teams layer renders the card and builds the
 * activity, so no feature depends on the SDK.
 */
export interface Reply {
  /** A plain message, or the text shown beside a card. */
  text?: string;
  /** The notification preview of a card. */
  summary?: string;
  card?: AnyCard;
}

export const cardReply = <K extends CardName>(name: K, data: CardDataMap[K], summary: string): Reply => ({
  summary,
  card: { name, data } as AnyCard,
});

/**
 * A card whose data never changes (the help and welcome cards): its data is frozen, so the renderer
 * may expand it once and hand out the same frozen card to every reply (renderCard.ts).
 */
export const constantCardReply = <K extends CardName>(
  name: K,
  data: CardDataMap[K],
  summary: string,
): Reply => cardReply(name, deepFreeze(data), summary);

export const textReply = (text: string): Reply => ({ text });
