import { redact } from '../redact';
import { textOf } from '../routing/pick';
import type { ProactiveSender } from '../routing/proactive';
import { textReply } from '../routing/reply';
import type { ActionData, ActionOutcome, Turn, VerbHandler } from '../routing/turn';
import type { DraftAnswers } from './drafts';
import type { ExpertsChannel } from './expertsChannel';
import type { QuestionNotes } from './questionNotes';
import { ticketAnswerCard, ticketCard, ticketSentCard } from './ticketCards';
import type { Ticket, TicketStore } from './tickets';

const MAX_QUESTION = 1000;
const MAX_DETAILS = 2000;
const MAX_ANSWER = 4000;

export const NOT_ON_THE_TEAM =
  "Only the expert team can act on tickets, from the ticket's card in their channel. If you are on the team, open the card there.";
const NO_CHANNEL =
  "The expert team isn't set up yet, so your question was not sent. Ask whoever runs the assistant to type `experts here` in the team's channel.";

export interface TicketDeps {
  tickets: TicketStore;
  channel: ExpertsChannel;
  sender: ProactiveSender;
  drafts: DraftAnswers;
  notes: QuestionNotes;
  now?: () => Date;
}

/**
 * "Ask the team" and the ticket's life: made from the asker's card, posted to the experts'
 * channel, taken, answered (the answer goes to the asker's personal chat), closed or reopened.
 * Every change redraws the ticket's card for everyone in the channel.
 */
export class TicketReplies {
  private readonly now: () => Date;

  constructor(private readonly deps: TicketDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** "Send to the team" on an answer, suggestion or no-answer card. Signposting has screened the text. */
  readonly open: VerbHandler = async (turn, data) => {
    const names = [turn.person().name];
    const question = redact(textOf(data.question).trim().slice(0, MAX_QUESTION), names);
    const details = redact(textOf(data.details).trim().slice(0, MAX_DETAILS), names);
    if (question === '')
      return { kind: 'notice', text: 'Type your question in the box first, then send it.' };
    const { where } = turn;
    const target = await this.deps.channel.reference(where.reference);
    if (!target) return { kind: 'notice', text: NO_CHANNEL };
    const personal = where.conversationType === 'personal';
    const userId = turn.person().teamsId;
    if (!personal && userId === '')
      return { kind: 'notice', text: 'Please ask the team from your personal chat with me.' };
    const opened = await this.deps.tickets.open({
      question,
      details,
      conversationType: where.conversationType,
      asker: personal ? { chat: where.reference } : { chat: where.reference, userId },
    });
    const posted = await this.deps.sender.send(target, ticketCard(opened));
    if (posted.ok && posted.activityId) {
      const activityId = posted.activityId;
      await this.deps.tickets.update(opened.id, (t) => ({ ...t, card: { ref: target, activityId } }));
    }
    turn.log.info({ event: 'ticket-opened', ticket: opened.id, posted: posted.ok }, 'ticket opened');
    return { kind: 'card', reply: ticketSentCard(opened, posted.ok), scope: 'presser' };
  };

  readonly assign: VerbHandler = this.onTeam(async (turn, ticket) => {
    const holder = turn.person().name || 'an expert';
    return this.change(turn, ticket, 'assigned', (t) =>
      t.status === 'open' || t.status === 'assigned' ? { ...t, status: 'assigned', holder } : undefined,
    );
  });

  readonly answer: VerbHandler = this.onTeam(async (turn, ticket, data) => {
    const answer = textOf(data.answer).trim().slice(0, MAX_ANSWER);
    if (answer === '') return { kind: 'notice', text: 'Type the answer first, then send it.' };
    const holder = turn.person().name || ticket.holder || 'an expert';
    const answeredAt = this.now().toISOString();
    const answered = await this.deps.tickets.update(ticket.id, (t) =>
      t.status === 'open' || t.status === 'assigned'
        ? { ...t, status: 'answered', holder, answer, answeredAt, helpful: undefined }
        : undefined,
    );
    // Another expert's answer got there first: show theirs.
    if (!answered || answered.answeredAt !== answeredAt) return this.redraw(answered ?? ticket);
    const delivered = await this.tellAsker(answered, ticketAnswerCard(answered));
    const keepDraft = data.draft === true || data.draft === 'true';
    if (keepDraft) await this.deps.drafts.save(answered, this.now());
    const final =
      (await this.deps.tickets.update(ticket.id, (t) => ({ ...t, delivered, draftSaved: keepDraft }))) ??
      answered;
    turn.log.info(
      { event: 'ticket-answered', ticket: ticket.id, delivered, draft: keepDraft },
      'ticket answered',
    );
    return this.redraw(final);
  });

  readonly close: VerbHandler = this.onTeam(async (turn, ticket, data) => {
    const reason = textOf(data.reason).trim().slice(0, 100) || 'no reason given';
    const note = textOf(data.note).trim().slice(0, 1000);
    const outcome = await this.change(turn, ticket, 'closed', (t) =>
      t.status === 'open' || t.status === 'assigned'
        ? { ...t, status: 'closed', closeReason: reason }
        : undefined,
    );
    const closed = await this.deps.tickets.get(ticket.id);
    if (closed?.status === 'closed' && closed.closeReason === reason)
      await this.tellAsker(
        closed,
        textReply(
          `The expert team closed your question ${closed.id} ("${closed.question.slice(0, 120)}"): ${reason}.${note ? ` ${note}` : ''}`,
        ),
      );
    return outcome;
  });

  readonly reopen: VerbHandler = this.onTeam(async (turn, ticket) =>
    this.change(turn, ticket, 'reopened', (t) =>
      t.status === 'answered' || t.status === 'closed'
        ? { ...t, status: t.holder ? 'assigned' : 'open', closeReason: undefined, delivered: undefined }
        : undefined,
    ),
  );

  /** The asker's Yes or No on the answer: kept on the ticket, and a No joins the gap report. */
  readonly feedback: VerbHandler = async (turn, data) => {
    const helpful = data.helpful === 'yes';
    const ticket = await this.deps.tickets.update(textOf(data.ticket), (t) =>
      t.status === 'answered' ? { ...t, helpful } : undefined,
    );
    if (!ticket)
      return { kind: 'notice', text: 'Thanks. That question is no longer kept, so nothing was recorded.' };
    if (!helpful) await this.deps.notes.notHelpful(turn, ticket.question, `ticket:${ticket.id}`);
    if (ticket.card)
      await this.deps.sender.update(ticket.card.ref, ticket.card.activityId, ticketCard(ticket));
    turn.log.info({ event: 'ticket-feedback', ticket: ticket.id, helpful }, 'feedback on a ticket answer');
    return { kind: 'card', reply: ticketAnswerCard(ticket, 'thanks'), scope: 'presser' };
  };

  /** Only a press in the experts' channel acts on a ticket: anyone else is turned away politely. */
  private onTeam(
    handler: (turn: Turn, ticket: Ticket, data: ActionData) => Promise<ActionOutcome>,
  ): VerbHandler {
    return async (turn, data) => {
      if (!(await this.deps.channel.isHere(turn.where.reference.conversation.id))) {
        turn.log.info({ event: 'ticket-refused' }, 'ticket action outside the experts channel');
        return { kind: 'notice', text: NOT_ON_THE_TEAM };
      }
      const ticket = await this.deps.tickets.get(textOf(data.ticket));
      if (!ticket)
        return {
          kind: 'notice',
          text: 'That ticket is no longer kept: tickets are deleted a while after their last change.',
        };
      return handler(turn, ticket, data);
    };
  }

  private async change(
    turn: Turn,
    ticket: Ticket,
    what: string,
    apply: (t: Ticket) => Ticket | undefined,
  ): Promise<ActionOutcome> {
    const after = (await this.deps.tickets.update(ticket.id, apply)) ?? ticket;
    turn.log.info(
      { event: 'ticket-changed', ticket: ticket.id, change: what, status: after.status },
      'ticket changed',
    );
    return this.redraw(after);
  }

  /** The ticket as it now stands, for everyone in the channel (a late press sees the current state). */
  private redraw(ticket: Ticket): ActionOutcome {
    return { kind: 'card', reply: ticketCard(ticket), scope: 'everyone' };
  }

  /** To the asker's personal chat: the one they asked in, or opened with their Teams id. */
  private async tellAsker(ticket: Ticket, message: Parameters<ProactiveSender['send']>[1]): Promise<boolean> {
    const { chat, userId } = ticket.asker;
    const result =
      chat.conversation.conversationType === 'personal' || !userId
        ? await this.deps.sender.send(chat, message)
        : await this.deps.sender.sendToPerson(userId, chat, message);
    return result.ok;
  }
}
