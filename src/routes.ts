import { AnswerReplies } from './answers/answerReplies';
import { FeedbackReplies } from './answers/feedbackReplies';
import { FeedbackStore } from './answers/feedbackStore';
import { SharedAnswers } from './answers/sharedAnswers';
import { checkMessage } from './coach/checkMessage';
import { CoachReplies } from './coach/coachReplies';
import type { Counters } from './counters';
import { DIGEST_SUBCOMMANDS, type DigestReplies } from './digest/digestReplies';
import { DraftAnswers } from './experts/drafts';
import { ExpertsChannel } from './experts/expertsChannel';
import { EXPERTS_SUBCOMMANDS, ExpertsReplies } from './experts/expertsReplies';
import { REPORT_WINDOW } from './experts/gapReport';
import { QuestionLog } from './experts/questionLog';
import { QuestionNotes } from './experts/questionNotes';
import { ReportReplies } from './experts/reportReplies';
import { TicketReplies } from './experts/ticketReplies';
import { TicketStore } from './experts/tickets';
import { TipReplies } from './framing/tipReplies';
import { HelpReplies } from './help/helpReplies';
import { learnMoreChoice } from './knowledge/choices';
import type { Knowledge } from './knowledge/loadKnowledge';
import { FacilitateReplies } from './meetings/facilitateReplies';
import type { HuddleStore } from './meetings/huddleStore';
import { MEETING_SUBCOMMANDS, MeetingPrompts } from './meetings/meetingPrompts';
import { QiReplies } from './qi/qiReplies';
import type { CommandSpec } from './routing/commands';
import type { ProactiveSender } from './routing/proactive';
import type { CommandRow, RoutingTable } from './routing/router';
import type { CommandHandler } from './routing/turn';
import { SignpostReplies } from './signposting/signpostReplies';
import type { Installations, Storage } from './storage';
import { InstallationEvents } from './welcome/installationEvents';
import type { WelcomeLedger } from './welcome/welcomeLedger';

/** The features, built once from the content and the stores they use. */
export interface Features {
  answers: AnswerReplies;
  help: HelpReplies;
  signposting: SignpostReplies;
  qi: QiReplies;
  tips: TipReplies;
  coach: CoachReplies;
  installs: InstallationEvents;
  digest: DigestReplies;
  facilitate: FacilitateReplies;
  meetingPrompts: MeetingPrompts;
  feedback: FeedbackReplies;
  experts: ExpertsReplies;
  tickets: TicketReplies;
  report: ReportReplies;
  /** The compose box's search (the message extension). */
  sharedAnswers: SharedAnswers;
}

export interface FeatureDeps {
  knowledge: Knowledge;
  counters: Counters;
  installations: Pick<Installations, 'add' | 'remove'>;
  welcomeLedger: WelcomeLedger;
  /** Built in app.ts, since it also needs storage and the proactive sender. */
  digest: DigestReplies;
  /** Told each time an entry is given as an answer (the digest's "asked most"). */
  answered: (entryId: string) => void;
  huddles: HuddleStore;
  /** Where per-chat settings live (meeting prompts on or off). */
  storage: Storage;
  /** Posts tickets to the experts' channel and answers to the asker. */
  sender: ProactiveSender;
  experts: {
    /** Lower-case Entra object ids of those who may run `experts here`. */
    adminIds: readonly string[];
    /** EXPERTS_CHANNEL_ID, or '' to let an admin choose in Teams. */
    channelId: string;
    /** Days weak questions and untouched tickets are kept. */
    retentionDays: number;
  };
  now?: () => Date;
  /** The Azure Bot's app id, for links that open a chat with the bot ('' in local mode: no links). */
  botAppId?: string;
}

export function buildFeatures(deps: FeatureDeps): Features {
  const { knowledge, counters, installations, welcomeLedger } = deps;
  const channel = new ExpertsChannel(deps.storage, deps.experts.channelId, deps.now);
  const questionLog = new QuestionLog(deps.storage, deps.experts.retentionDays, deps.now);
  const notes = new QuestionNotes(questionLog);
  const feedbackStore = new FeedbackStore(deps.storage, deps.now);
  const tickets = new TicketStore(deps.storage, deps.experts.retentionDays, deps.now);
  const answers = new AnswerReplies(knowledge, {
    answered: deps.answered,
    canAskExperts: () => channel.isSet(),
    weakAnswer: notes.weak,
  });
  const learnMore = learnMoreChoice(knowledge.byId);
  const { guidance } = knowledge;
  const help = new HelpReplies(knowledge.helpExamples);
  return {
    answers,
    help,
    signposting: new SignpostReplies(knowledge.signposter, counters),
    qi: new QiReplies(guidance.prompts, learnMore),
    tips: new TipReplies(guidance.tips, learnMore),
    coach: new CoachReplies(guidance.coach, guidance.coachLearnMore, learnMore),
    installs: new InstallationEvents({
      installations,
      ledger: welcomeLedger,
      welcome: () => help.welcomeReply(),
    }),
    digest: deps.digest,
    facilitate: new FacilitateReplies(knowledge.flows, deps.huddles, deps.now),
    meetingPrompts: new MeetingPrompts(deps.storage),
    feedback: new FeedbackReplies(answers, knowledge.byId, feedbackStore, notes.notHelpful),
    experts: new ExpertsReplies(channel, deps.experts.adminIds),
    tickets: new TicketReplies({
      tickets,
      channel,
      sender: deps.sender,
      drafts: new DraftAnswers(deps.storage),
      notes,
      now: deps.now,
    }),
    report: new ReportReplies({
      questions: questionLog,
      feedback: feedbackStore,
      tickets,
      titleOf: (id) => knowledge.byId.get(id)?.title,
      now: deps.now ?? (() => new Date()),
      inExpertsChannel: (turn) => channel.isHere(turn.where.reference.conversation.id),
    }),
    sharedAnswers: new SharedAnswers(knowledge, deps.botAppId ?? ''),
  };
}

/**
 * The commands, in the order the help card, docs/commands.md and the manifest's command list show
 * them. Adding a command: its spec here, its handler in its feature's folder, its row below.
 */
const COMMAND_ROWS: readonly { spec: CommandSpec; handler: (f: Features) => CommandHandler }[] = [
  {
    spec: {
      name: 'help',
      aliases: ['?', 'menu', 'commands'],
      args: 'none',
      usage: 'help',
      description: 'Shows what the assistant can do, with example questions to press.',
    },
    handler: (f) => f.help.command,
  },
  {
    spec: {
      name: 'qi',
      aliases: [],
      args: 'topic',
      usage: 'qi [stage or tool]',
      description:
        'A quality improvement prompt. Add a stage or tool: qi plan, qi study, qi fishbone, qi measures, qi equity.',
    },
    handler: (f) => f.qi.command,
  },
  {
    spec: {
      name: 'tip',
      aliases: ['tips'],
      args: 'none',
      usage: 'tip',
      description: 'A tip on talking about the building blocks of health.',
    },
    handler: (f) => f.tips.command,
  },
  {
    spec: {
      name: 'check',
      aliases: [],
      args: 'draft',
      usage: 'check <draft>',
      description:
        'Checks the wording of a draft: type check, then your draft. Check alone opens a box to paste it in.',
    },
    handler: (f) => f.coach.command,
  },
  {
    spec: {
      name: 'digest',
      aliases: [],
      args: 'subcommand',
      subcommands: DIGEST_SUBCOMMANDS,
      usage: 'digest on/off/status/preview',
      description:
        'In a channel or group chat: a short card every Monday at 09:00, or when you say (digest on fortnightly tuesday 10:30).',
    },
    handler: (f) => f.digest.command,
  },
  {
    spec: {
      name: 'facilitate',
      aliases: ['huddle'],
      args: 'any',
      usage: 'facilitate [flow]',
      description:
        'In a meeting chat, group chat or channel: one shared card that steps the meeting through a QI huddle, PDSA review, driver diagram or equity check.',
    },
    handler: (f) => f.facilitate.command,
  },
  {
    spec: {
      name: 'meeting',
      aliases: [],
      args: 'subcommand',
      subcommands: MEETING_SUBCOMMANDS,
      usage: 'meeting prompts on/off',
      description:
        'In a meeting chat: a short opening card when a Teams meeting starts, and a reflection when it ends. Off until turned on.',
    },
    handler: (f) => f.meetingPrompts.command,
  },
  {
    spec: {
      name: 'experts',
      aliases: [],
      args: 'subcommand',
      subcommands: EXPERTS_SUBCOMMANDS,
      usage: 'experts here/status',
      description:
        "Says where the expert team's channel is. An admin types experts here in a team channel to make it theirs: questions people hand over with Ask the team arrive there as tickets.",
    },
    handler: (f) => f.experts.command,
  },
  {
    spec: {
      name: 'report',
      aliases: [],
      args: 'pattern',
      pattern: REPORT_WINDOW,
      usage: 'report [window]',
      description:
        "In the expert team's channel: the knowledge-gap report (unanswered questions, answers that did not help, open tickets) for the last 30 days, or 7d, 4w, 90d.",
    },
    handler: (f) => f.report.command,
  },
];

/** The command specs alone, for the manifest's command list, the docs check and `npm run ask`. */
export const COMMANDS: readonly CommandSpec[] = COMMAND_ROWS.map((row) => row.spec);

/** Every command, card verb (docs/card-actions.md) and Teams event, and the handler of each. */
export function routingTable(f: Features): RoutingTable {
  const commands: CommandRow[] = COMMAND_ROWS.map((row) => ({ spec: row.spec, handle: row.handler(f) }));
  return {
    commands,
    verbs: {
      ask: f.answers.ask,
      feedback: f.feedback.helpful,
      'feedback-comment': f.feedback.comment,
      help: f.help.button,
      'qi-another': f.qi.another,
      'qi-next': f.qi.next,
      'tip-another': f.tips.another,
      'coach-check': f.signposting.screenDraft(f.coach.check),
      'coach-again': f.coach.again,
      'coach-open': f.coach.open,
      'flow-start': f.facilitate.start,
      'flow-next': f.facilitate.next,
      'flow-back': f.facilitate.back,
      'flow-finish': f.facilitate.finish,
      'ticket-open': f.signposting.screenDraft(f.tickets.open, ['question', 'details']),
      'ticket-assign': f.tickets.assign,
      'ticket-answer': f.tickets.answer,
      'ticket-close': f.tickets.close,
      'ticket-reopen': f.tickets.reopen,
      'ticket-feedback': f.tickets.feedback,
    },
    events: {
      installed: f.installs.installed,
      'bot-added': f.installs.installed,
      upgraded: f.installs.upgraded,
      removed: f.installs.removed,
      'team-deleted': f.installs.removed,
      'meeting-started': f.meetingPrompts.started,
      'meeting-ended': f.meetingPrompts.ended,
    },
    urgent: f.signposting.urgent,
    question: f.answers.question,
    empty: (turn) => f.help.command(turn, ''),
    // Command ids as appPackage/manifest.json declares them under composeExtensions.
    compose: {
      searches: { searchKnowledge: f.sharedAnswers.search },
      pick: f.sharedAnswers.pick,
      messageActions: { checkWording: checkMessage(f.coach) },
      urgent: f.signposting.composeUrgent,
    },
  };
}
