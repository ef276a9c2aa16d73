import { randomInt } from 'node:crypto';
import { type ConversationReferenceRecord, isStorageConflictError, type Storage } from '../storage';

const PREFIX = 'tickets/';
/** No 0/O or 1/I: an expert may read a ticket number out in a meeting. */
const ID_LETTERS = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export type TicketStatus = 'open' | 'assigned' | 'answered' | 'closed';

/** How the answer reaches the person who asked: never their name, only a way to their chat. */
export interface Asker {
  /** The conversation they asked in: their personal chat with the bot, or a group chat or channel. */
  chat: ConversationReferenceRecord;
  /** Asked outside their personal chat: their Teams id (29:...), to open that chat for the answer. */
  userId?: string;
}

/** A question handed to the expert team. The texts are redacted before they get here. */
export interface Ticket {
  id: string;
  question: string;
  details: string;
  status: TicketStatus;
  createdAt: string;
  updatedAt: string;
  /** Where it was asked (personal, groupChat, channel). */
  conversationType: string;
  asker: Asker;
  /** The ticket's card in the experts' channel, once posted. */
  card?: { ref: ConversationReferenceRecord; activityId: string };
  /** The display name of the expert who took it or answered it: shown on the card. */
  holder?: string;
  answer?: string;
  answeredAt?: string;
  closeReason?: string;
  /** Whether the answer reached the asker's personal chat. */
  delivered?: boolean;
  /** The asker's verdict on the answer. */
  helpful?: boolean;
  /** The answer was kept as a draft knowledge entry for the content owners. */
  draftSaved?: boolean;
}

/**
 * Tickets by id. A ticket untouched for the retention is deleted (answered, closed or forgotten):
 * the asker's chat reference goes with it.
 */
export class TicketStore {
  private prunedOn = '';

  constructor(
    private readonly storage: Pick<Storage, 'create' | 'read' | 'write' | 'list' | 'delete'>,
    private readonly retentionDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async open(fields: Omit<Ticket, 'id' | 'status' | 'createdAt' | 'updatedAt'>): Promise<Ticket> {
    for (let attempt = 1; ; attempt++) {
      const at = this.now().toISOString();
      const ticket: Ticket = { ...fields, id: newTicketId(), status: 'open', createdAt: at, updatedAt: at };
      try {
        await this.storage.create(PREFIX + ticket.id, ticket);
        await this.pruneDaily(at.slice(0, 10));
        return ticket;
      } catch (err) {
        if (!isStorageConflictError(err) || attempt === 5) throw err;
      }
    }
  }

  async get(id: string): Promise<Ticket | undefined> {
    if (!isTicketId(id)) return undefined;
    return (await this.storage.read([PREFIX + id])).get(PREFIX + id)?.value as Ticket | undefined;
  }

  /**
   * Applies `change` to the stored ticket, again on a conflict (two experts pressing at once), and
   * returns what was stored; undefined for an unknown ticket. `change` may return undefined to
   * leave the ticket as it is (the press came too late).
   */
  async update(id: string, change: (ticket: Ticket) => Ticket | undefined): Promise<Ticket | undefined> {
    if (!isTicketId(id)) return undefined;
    const key = PREFIX + id;
    for (let attempt = 1; ; attempt++) {
      const item = (await this.storage.read([key])).get(key);
      if (!item) return undefined;
      const current = item.value as Ticket;
      const next = change(current);
      if (!next) return current;
      const stored = { ...next, updatedAt: this.now().toISOString() };
      try {
        await this.storage.write([{ key, value: stored, eTag: item.eTag }]);
        return stored;
      } catch (err) {
        if (!isStorageConflictError(err) || attempt === 5) throw err;
      }
    }
  }

  /** At most once a UTC day per instance, as tickets are opened: `all()` deletes the old ones. */
  private async pruneDaily(today: string): Promise<void> {
    if (this.prunedOn === today) return;
    this.prunedOn = today;
    await this.all();
  }

  /** Every ticket kept, after deleting those untouched for the retention. */
  async all(): Promise<Ticket[]> {
    const cutoff = new Date(this.now().getTime() - this.retentionDays * 86_400_000).toISOString();
    const tickets: Ticket[] = [];
    const old: string[] = [];
    let continuation: string | undefined;
    do {
      const page = await this.storage.list(PREFIX, { continuation });
      for (const item of (await this.storage.read(page.keys)).values()) {
        const ticket = item.value as Ticket;
        if (ticket.updatedAt < cutoff) old.push(item.key);
        else tickets.push(ticket);
      }
      continuation = page.continuation;
    } while (continuation);
    if (old.length > 0) await this.storage.delete(old);
    return tickets;
  }
}

export const isTicketId = (id: string): boolean => /^T-[2-9A-HJ-NP-Z]{6}$/.test(id);

function newTicketId(): string {
  let id = 'T-';
  for (let i = 0; i < 6; i++) id += ID_LETTERS[randomInt(ID_LETTERS.length)];
  return id;
}
