/** Data each card template in cards/ is bound to. Adding a template means adding its entry here. */

export interface AskChoice {
  /** Knowledge entry id sent back with the ask verb. */
  id: string;
  /** The question as shown on the button and echoed into the chat. */
  question: string;
}

export interface HelpCardData {
  examples: AskChoice[];
}

export interface WelcomeCardData {
  examples: AskChoice[];
}

export interface AnswerCardData {
  id: string;
  title: string;
  summary: string;
  body: string;
  /** True until a named person has signed the entry off; the card then says it awaits review. */
  isDraft: boolean;
  /** Month and year written or last checked against its source, e.g. "November 2026". */
  written: string;
  /** Month and year of the sign-off; empty for a draft. */
  reviewed: string;
  /** Who signed it off, e.g. "Dr A Smith, Consultant in Public Health"; empty for a draft. */
  reviewedBy: string;
  /** The team that keeps the entry. */
  owner: string;
  sourceTitle: string;
  sourceUrl: string;
  related: readonly AskChoice[];
  hasRelated: boolean;
  /** The support line for a sensitive question (999, NHS 111, Samaritans, safeguarding); else empty. */
  supportLine: string;
  hasSupportLine: boolean;
  /** "Was this helpful?": the buttons ('ask'), thanks ('thanks'), or a box for what was missing ('comment'). */
  feedback: 'ask' | 'thanks' | 'comment';
  /** "Ask the team" is offered: an experts' channel is set and the question is not sensitive. */
  canAskExperts: boolean;
  /** The question as asked, prefilled in "Ask the team" and carried by the feedback buttons. */
  question: string;
  /** The knowledge version the answer came from, sent back with the feedback. */
  knowledgeVersion: string;
  /** For 'comment': the stored press the comment joins. */
  feedbackRef: string;
}

/**
 * An answer a person inserts into any conversation from the compose box. The bot may not be in
 * that conversation, so the card has no button that needs it: only links.
 */
export interface SharedAnswerCardData {
  title: string;
  summary: string;
  body: string;
  isDraft: boolean;
  written: string;
  reviewed: string;
  reviewedBy: string;
  owner: string;
  sourceTitle: string;
  sourceUrl: string;
  /** Opens a personal chat with the bot, the entry's question typed in; '' when no app id is set. */
  askLink: string;
  hasAskLink: boolean;
  /** The support line when the search read as sensitive; else empty. */
  supportLine: string;
  hasSupportLine: boolean;
}

export interface SuggestCardData {
  choices: AskChoice[];
  canAskExperts: boolean;
  question: string;
  /** The support line for a sensitive question (999, NHS 111, Samaritans, safeguarding); else empty. */
  supportLine: string;
  hasSupportLine: boolean;
}

export interface NoAnswerCardData {
  /** "Ask the team" is offered: an experts' channel is set and the question is not sensitive. */
  canAskExperts: boolean;
  /** The question as asked, prefilled in "Ask the team". */
  question: string;
  /** The support line for a sensitive question (999, NHS 111, Samaritans, safeguarding); else empty. */
  supportLine: string;
  hasSupportLine: boolean;
}

export interface SignpostContact {
  label: string;
  text: string;
  /** The emergency line: shown in the warning colour and bold. */
  emphasis: boolean;
}

export interface SignpostCardData {
  title: string;
  intro: string;
  contacts: SignpostContact[];
  links: { title: string; url: string }[];
  footer: string;
}

export interface QiPromptCardData {
  /** The prompt's id: "Another one" sends it back so the next card is a different prompt. */
  id: string;
  /** A topic id, or "all": what "Another one" picks from. */
  scope: string;
  topicTitle: string;
  question: string;
  why: string;
  example: string;
  /** Where the "why" comes from (ELFT's guidance, say): a line on the card that opens the page. */
  sourceTitle: string;
  sourceUrl: string;
  learnMore: AskChoice;
  hasNext: boolean;
  /** The topic "Next stage" goes to ("" when there is none). */
  next: string;
}

export interface TipCardData {
  id: string;
  title: string;
  do: string;
  instead: string;
  why: string;
  sourceTitle: string;
  sourceUrl: string;
  hasLearnMore: boolean;
  learnMore: AskChoice;
}

export interface CoachInputCardData {
  /** The Check button was pressed with an empty box. */
  showEmptyError: boolean;
}

export interface CoachFindingCardData {
  /** The words as the draft has them. */
  quote: string;
  times: number;
  better: string;
  why: string;
  houseStyle: boolean;
  /** The source's title ("" for house style). */
  sourceTitle: string;
}

export interface CoachResultCardData {
  /** How many different phrases were found (the card shows at most 10). */
  count: number;
  shown: CoachFindingCardData[];
  more: number;
  hasMore: boolean;
  strengths: { says: string; why: string }[];
  hasStrengths: boolean;
  truncated: boolean;
  learnMore: AskChoice;
  /**
   * Shown in a dialog (the "Check my wording" message action) rather than the chat: "Check another"
   * and "Learn more" answer in the chat, so the card has no buttons (the dialog has its own close).
   */
  inDialog: boolean;
}

export interface DigestCardData {
  /** When it is for, as people read it: "Week beginning 7 December 2026". */
  heading: string;
  /** The principle of the week: the same for every channel in a given week. */
  principle: { id: string; title: string; summary: string; question: string };
  tip: { title: string; do: string };
  prompt: { topicTitle: string; question: string };
  /** Entries added or changed since this channel's last digest (none on its first). */
  changed: AskChoice[];
  hasChanged: boolean;
  /** The entries answered most since the last digest, with how many times. */
  popular: { id: string; question: string; times: string }[];
  hasPopular: boolean;
  /** "Every Monday at 09:00 (UK time)", so people know when the next one comes. */
  schedule: string;
}

/** One step of a facilitation flow, the card the whole meeting shares. */
export interface FlowStepCardData {
  flowId: string;
  flowTitle: string;
  /** "Step 2 of 7". */
  progress: string;
  prompt: string;
  /** For the chair. */
  hint: string;
  /** The page the flow's wording comes from: the hints quote it. */
  sourceTitle: string;
  sourceUrl: string;
  hasInput: boolean;
  inputLabel: string;
  inputPlaceholder: string;
  /** What was typed at this step before (kept when going back and forth). */
  answer: string;
  /** The huddle's version: a press on an older card shows the current step instead. */
  version: number;
  hasBack: boolean;
  hasNext: boolean;
}

export interface FlowSummaryCardData {
  flowTitle: string;
  /** Each step that got an answer, in order. No names. */
  items: { prompt: string; answer: string }[];
  hasItems: boolean;
}

export interface FlowChoiceCardData {
  flows: { id: string; title: string; summary: string }[];
}

export interface MeetingOpenCardData {
  /** The meeting's title, shown as its focus ('' when it has none). */
  title: string;
  hasTitle: boolean;
}

export type MeetingCloseCardData = Record<string, never>;

export interface CardDataMap {
  help: HelpCardData;
  welcome: WelcomeCardData;
  answer: AnswerCardData;
  'shared-answer': SharedAnswerCardData;
  suggest: SuggestCardData;
  'no-answer': NoAnswerCardData;
  signpost: SignpostCardData;
  'qi-prompt': QiPromptCardData;
  tip: TipCardData;
  'coach-input': CoachInputCardData;
  'coach-result': CoachResultCardData;
  digest: DigestCardData;
  'flow-step': FlowStepCardData;
  'flow-summary': FlowSummaryCardData;
  'flow-choice': FlowChoiceCardData;
  'meeting-open': MeetingOpenCardData;
  'meeting-close': MeetingCloseCardData;
  ticket: TicketCardData;
  'ticket-sent': TicketSentCardData;
  'ticket-answer': TicketAnswerCardData;
  'gap-report': GapReportCardData;
}

export type CardName = keyof CardDataMap;
export const CARD_NAMES: readonly CardName[] = [
  'help',
  'welcome',
  'answer',
  'shared-answer',
  'suggest',
  'no-answer',
  'signpost',
  'qi-prompt',
  'tip',
  'coach-input',
  'coach-result',
  'digest',
  'flow-step',
  'flow-summary',
  'flow-choice',
  'meeting-open',
  'meeting-close',
  'ticket',
  'ticket-sent',
  'ticket-answer',
  'gap-report',
];

/** A question handed to the expert team, as its card in their channel shows it. */
export interface TicketCardData {
  id: string;
  status: 'open' | 'assigned' | 'answered' | 'closed';
  /** "Assigned to Sam Patel", "Closed: not for this team"... */
  statusLine: string;
  question: string;
  details: string;
  hasDetails: boolean;
  askedIn: string;
  answer: string;
  hasAnswer: boolean;
  /** Whether the answer reached the asker, and their verdict; empty until answered. */
  deliveryLine: string;
  draftSaved: boolean;
  canAssign: boolean;
  /** Open or assigned: Answer and Close are offered. */
  canAnswer: boolean;
  /** Answered or closed: Reopen is offered. */
  canReopen: boolean;
}

/** The asker's card once their question became a ticket. */
export interface TicketSentCardData {
  id: string;
  question: string;
  /** False when the experts' channel could not be reached: the ticket is kept and shows in the report. */
  posted: boolean;
  /** Asked in their personal chat: the answer comes here; else it comes to that chat. */
  inPersonalChat: boolean;
}

/** The expert team's answer, in the asker's personal chat. */
export interface TicketAnswerCardData {
  id: string;
  question: string;
  answer: string;
  feedback: 'ask' | 'thanks';
}

/**
 * The knowledge-gap report in the experts' channel, every line already worded (the template only
 * lays it out). At most ten rows a list; the CLI has them all.
 */
export interface GapReportCardData {
  /** "Last 30 days: 2 Nov 2026 to 2 Dec 2026". */
  window: string;
  /** "the last 30 days", for the empty states: "No unanswered questions in the last 30 days." */
  period: string;
  totals: { title: string; value: string }[];
  /** detail: "5 times · 3 with no answer · 2 with suggestions only · 2 wordings". */
  unanswered: { wording: string; detail: string }[];
  hasUnanswered: boolean;
  /** detail: "2 times · given: Community grants". */
  notHelpfulQuestions: { wording: string; detail: string }[];
  hasNotHelpfulQuestions: boolean;
  /** detail: "4 not helpful, 2 helpful (33% helpful)"; comment: the latest, or ''. */
  notHelpful: { title: string; detail: string; comment: string; hasComment: boolean }[];
  hasNotHelpful: boolean;
  /** rate: "83% (5 of 6)". */
  helpfulRate: { title: string; rate: string }[];
  hasHelpfulRate: boolean;
  /** heading: "T-ABC234 · assigned"; waiting: "3 days"; snippet: the question's first words. */
  tickets: { heading: string; waiting: string; snippet: string }[];
  hasTickets: boolean;
  /** "Opened in the window: 7 (open 2, assigned 1, answered 3, closed 1)". */
  ticketTotals: string;
  /** week: "30 Nov" (its Monday); counts: "6 weak · 3 yes, 2 no · 1 ticket". */
  weeks: { week: string; counts: string }[];
  /** "The 4 earlier weeks are in the full report (below)." when there are more than the card shows; else ''. */
  weeksNote: string;
  hasWeeksNote: boolean;
  /** "npm run -s report -- --since 30d", for the footer. */
  cliCommand: string;
}
