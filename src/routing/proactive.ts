import type { ConversationReferenceRecord } from '../storage';
import type { Reply } from './reply';

/** Why a proactive call failed, in words a caller can count and report. */
export type SendFailureReason =
  /** 404: the conversation no longer exists (deleted, or the bot was removed long ago). */
  | 'conversation-gone'
  /** 403: the bot may not post there (removed from the team, blocked by the user). */
  | 'forbidden'
  /** Any other 4xx: the request itself was refused; sending it again would not help. */
  | 'rejected'
  /** 429 on the last attempt. */
  | 'throttled'
  /** 412 on the last attempt: the conversation was busy with another update. */
  | 'busy'
  /** 5xx on the last attempt. */
  | 'server-error'
  /** No answer within the attempt's time limit on the last attempt (it may still have arrived). */
  | 'timeout'
  /** The connection failed (refused, reset, name not found) on the last attempt. */
  | 'network-error'
  /** Not an HTTP failure: a fault in the bot or the SDK. */
  | 'error';

/** A stored conversation reference, exactly the minimal shape storage keeps (see installations.ts). */
export type ConversationRef = ConversationReferenceRecord;

/** The outcome of one proactive call. A failure is reported here, never thrown. */
export type SendResult =
  | { ok: true; activityId?: string; attempts: number }
  | { ok: false; reason: SendFailureReason; status?: number; attempts: number };

export interface SendOptions {
  /**
   * Awaited before every attempt, retries included: a sender to many conversations paces all its
   * calls with it, so retries after a 429 do not push it over the rate it keeps to.
   */
  beforeAttempt?: () => Promise<void>;
}

/**
 * Lets the bot speak first in a conversation it was installed in. Every call resolves (never
 * rejects for an HTTP failure), so a caller posting to many conversations can await each one and
 * report what failed. Messages are plain replies; the Teams layer renders their cards.
 */
export interface ProactiveSender {
  /** Posts a new message; `activityId` is what update and delete take later. */
  send(ref: ConversationRef, message: Reply, options?: SendOptions): Promise<SendResult>;
  /**
   * Posts in a person's one-to-one chat with the bot, opening it if need be (Teams gives back the
   * existing chat). `via` is any conversation of theirs the bot knows: it brings the service URL
   * and tenant. `userId` is their Teams id (29:...).
   */
  sendToPerson(userId: string, via: ConversationRef, message: Reply): Promise<SendResult>;
  /** Replaces a message the bot posted (a card updated in place). */
  update(ref: ConversationRef, activityId: string, message: Reply): Promise<SendResult>;
  delete(ref: ConversationRef, activityId: string): Promise<SendResult>;
}
