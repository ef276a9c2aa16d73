import type { Storage } from '../storage';
import type { Ticket } from './tickets';

const PREFIX = 'drafts/';

/** An expert's answer kept for the content owners to turn into a knowledge entry. */
export interface DraftAnswer {
  ticketId: string;
  question: string;
  answer: string;
  at: string;
}

/**
 * Draft entries live in storage, not on the server's disk (which several instances do not share):
 * `npm run drafts` writes them out as entry files for review.
 */
export class DraftAnswers {
  constructor(private readonly storage: Pick<Storage, 'read' | 'write' | 'list' | 'delete'>) {}

  async save(ticket: Ticket, at: Date): Promise<void> {
    const value: DraftAnswer = {
      ticketId: ticket.id,
      question: ticket.question,
      answer: ticket.answer ?? '',
      at: at.toISOString(),
    };
    await this.storage.write([{ key: PREFIX + ticket.id, value }]);
  }

  async all(): Promise<DraftAnswer[]> {
    const out: DraftAnswer[] = [];
    let continuation: string | undefined;
    do {
      const page = await this.storage.list(PREFIX, { continuation });
      for (const item of (await this.storage.read(page.keys)).values()) out.push(item.value as DraftAnswer);
      continuation = page.continuation;
    } while (continuation);
    return out;
  }

  /** Removes drafts once written out, so the next export holds only new ones. */
  async remove(ticketIds: readonly string[]): Promise<void> {
    if (ticketIds.length > 0) await this.storage.delete(ticketIds.map((id) => PREFIX + id));
  }
}
