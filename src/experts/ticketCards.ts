import type { TicketAnswerCardData, TicketCardData, TicketSentCardData } from '../cards/cardTypes';
import { cardReply, type Reply } from '../routing/reply';
import type { Ticket } from './tickets';

const WHERE_ASKED: Readonly<Record<string, string>> = {
  personal: 'a personal chat',
  groupChat: 'a group chat',
  channel: 'a channel',
};

/** "3 Dec 2026, 10:20 UTC": a ticket's times, the same for every expert whatever their clock. */
export function shortTime(iso: string): string {
  const at = new Date(iso);
  const day = at.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return `${day}, ${iso.slice(11, 16)} UTC`;
}

function statusLine(ticket: Ticket): string {
  const holder = ticket.holder || 'an expert';
  switch (ticket.status) {
    case 'open':
      return `Open since ${shortTime(ticket.createdAt)}: nobody has taken it yet`;
    case 'assigned':
      return `Assigned to ${holder}`;
    case 'answered':
      return `Answered by ${holder}, ${shortTime(ticket.answeredAt ?? ticket.updatedAt)}`;
    case 'closed':
      return `Closed: ${ticket.closeReason || 'no reason given'}`;
  }
}

function deliveryLine(ticket: Ticket): string {
  if (ticket.status !== 'answered') return '';
  const feedback =
    ticket.helpful === undefined
      ? ''
      : ticket.helpful
        ? ' They found it helpful.'
        : ' They said it did not help.';
  return ticket.delivered
    ? `Sent to the person who asked.${feedback}`
    : 'Could not reach the person who asked (they may have removed the app). Reopen and answer again to retry.';
}

/** The ticket's card in the experts' channel: its state and the buttons that state allows. */
export function ticketCard(ticket: Ticket): Reply {
  const working = ticket.status === 'open' || ticket.status === 'assigned';
  const data: TicketCardData = {
    id: ticket.id,
    status: ticket.status,
    statusLine: statusLine(ticket),
    question: ticket.question,
    details: ticket.details,
    hasDetails: ticket.details !== '',
    askedIn: `Asked in ${WHERE_ASKED[ticket.conversationType] ?? 'Teams'}, ${shortTime(ticket.createdAt)}`,
    answer: ticket.answer ?? '',
    hasAnswer: ticket.status === 'answered' && (ticket.answer ?? '') !== '',
    deliveryLine: deliveryLine(ticket),
    draftSaved: ticket.draftSaved === true,
    canAssign: ticket.status === 'open',
    canAnswer: working,
    canReopen: !working,
  };
  return cardReply('ticket', data, `Ticket ${ticket.id}: ${ticket.status}`);
}

/** What the asker's card turns into once the ticket is made. */
export function ticketSentCard(ticket: Ticket, posted: boolean): Reply {
  const data: TicketSentCardData = {
    id: ticket.id,
    question: ticket.question,
    posted,
    inPersonalChat: ticket.conversationType === 'personal',
  };
  const summary = posted
    ? `Sent to the expert team as ${ticket.id}`
    : `Kept for the expert team as ${ticket.id}`;
  return cardReply('ticket-sent', data, summary);
}

/** The expert's answer, in the asker's personal chat, with "Was this helpful?". */
export function ticketAnswerCard(ticket: Ticket, feedback: TicketAnswerCardData['feedback'] = 'ask'): Reply {
  const data: TicketAnswerCardData = {
    id: ticket.id,
    question: ticket.question,
    answer: ticket.answer ?? '',
    feedback,
  };
  return cardReply('ticket-answer', data, `The expert team answered your question (${ticket.id})`);
}
