import type { FlowStepCardData } from '../cards/cardTypes';
import { textOf } from '../routing/pick';
import { cardReply, type Reply, textReply } from '../routing/reply';
import type { ActionOutcome, CommandHandler, Turn, VerbHandler } from '../routing/turn';
import type { Flow } from './flows';
import { type HuddleState, isExpired, type Move, pressHuddle, startHuddle } from './huddle';
import type { HuddleStore } from './huddleStore';

const ENDED = 'This huddle has finished or timed out. Type **facilitate** to start another.';
const PERSONAL =
  'Facilitation is for a meeting chat, group chat or channel: type **facilitate** there (in a channel, @mention me first).';

/** Words that name a flow: its id's words and its title's, lower case. */
const wordsOf = (text: string): string[] => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

/** `facilitate [flow]` and the buttons of its shared card. */
export class FacilitateReplies {
  private readonly byId: ReadonlyMap<string, Flow>;

  constructor(
    private readonly flows: readonly Flow[],
    private readonly store: HuddleStore,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.byId = new Map(flows.map((f) => [f.id, f]));
  }

  /** The flow the words name ("qi huddle", "equity", "pdsa-review"), if exactly one fits best. */
  flowFor(words: string): Flow | undefined {
    const asked = wordsOf(words).filter((w) => w !== 'a' && w !== 'the');
    if (asked.length === 0) return undefined;
    const scored = this.flows
      .map((flow) => {
        const own = new Set([...wordsOf(flow.id), ...wordsOf(flow.title)]);
        return { flow, hits: asked.filter((w) => own.has(w)).length };
      })
      .filter((s) => s.hits > 0)
      .sort((a, b) => b.hits - a.hits);
    if (scored.length === 0 || (scored.length > 1 && scored[0].hits === scored[1].hits)) return undefined;
    return scored[0].flow;
  }

  readonly command: CommandHandler = async (turn, args) => {
    if (turn.where.conversationType === 'personal') return turn.reply(textReply(PERSONAL));
    const flow = this.flowFor(args);
    if (!flow) {
      const choice = this.choiceReply();
      if (args.trim() !== '')
        choice.text = `I don't know a flow called "${args.trim().slice(0, 60)}". Choose one:`;
      return turn.reply(choice);
    }
    return turn.reply(await this.begin(turn, flow));
  };

  /** The choice card's buttons: the choice card becomes the first step, for everyone. */
  readonly start: VerbHandler = async (turn, data) => {
    const flow = this.byId.get(textOf(data.flow));
    if (!flow) return { kind: 'card', reply: this.choiceReply(), scope: 'presser' };
    return { kind: 'card', reply: await this.begin(turn, flow), scope: 'everyone' };
  };

  readonly next: VerbHandler = (turn, data) => this.press(turn, data, 'next');
  readonly back: VerbHandler = (turn, data) => this.press(turn, data, 'back');
  readonly finish: VerbHandler = (turn, data) => this.press(turn, data, 'finish');

  choiceReply(): Reply {
    return cardReply(
      'flow-choice',
      { flows: this.flows.map((f) => ({ id: f.id, title: f.title, summary: f.summary })) },
      'Facilitation: which one shall we run?',
    );
  }

  private async begin(turn: Turn, flow: Flow): Promise<Reply> {
    const { installationId, reference } = turn.where;
    const now = this.now();
    const state = await this.store.change(installationId, reference.conversation.id, (current) => {
      const next = startHuddle(flow, now, current);
      return { next, result: next };
    });
    turn.log.info({ event: 'huddle-started', flow: flow.id }, 'facilitation started');
    return this.stepReply(flow, state);
  }

  private async press(
    turn: Turn,
    data: Readonly<Record<string, unknown>>,
    move: Move,
  ): Promise<ActionOutcome> {
    const { installationId, reference } = turn.where;
    const now = this.now();
    const press = {
      move,
      version: Number(data.version),
      answer: typeof data.answer === 'string' ? data.answer : undefined,
    };
    const outcome = await this.store.change(installationId, reference.conversation.id, (current) => {
      const flow = current && this.byId.get(current.flowId);
      if (!current || !flow || isExpired(current, now))
        return { next: current ? null : null, result: undefined };
      const result = pressHuddle(current, flow, press, now);
      // A finished huddle keeps nothing: its summary is on the card, and only there.
      return { next: result.kind === 'finished' ? null : result.state, result: { flow, result } };
    });
    if (!outcome) {
      await turn.reply(textReply(ENDED));
      return { kind: 'replied' };
    }
    const { flow, result } = outcome;
    if (result.kind === 'finished') {
      turn.log.info({ event: 'huddle-finished', flow: flow.id }, 'facilitation finished');
      return { kind: 'card', reply: this.summaryReply(flow, result.state), scope: 'everyone' };
    }
    // A stale card is brought up to date for the one who pressed; the others already see it.
    return {
      kind: 'card',
      reply: this.stepReply(flow, result.state),
      scope: result.kind === 'moved' ? 'everyone' : 'presser',
    };
  }

  stepReply(flow: Flow, state: HuddleState): Reply {
    const step = flow.steps[state.step];
    const data: FlowStepCardData = {
      flowId: flow.id,
      flowTitle: flow.title,
      progress: `Step ${state.step + 1} of ${flow.steps.length}`,
      prompt: step.prompt,
      hint: step.hint,
      sourceTitle: flow.source.title,
      sourceUrl: flow.source.url,
      hasInput: step.input !== undefined,
      inputLabel: step.input?.label ?? '',
      inputPlaceholder: step.input?.placeholder ?? '',
      answer: state.answers[step.id] ?? '',
      version: state.version,
      hasBack: state.step > 0,
      hasNext: state.step < flow.steps.length - 1,
    };
    return cardReply('flow-step', data, `${flow.title}: ${step.prompt}`);
  }

  summaryReply(flow: Flow, state: HuddleState): Reply {
    const items = flow.steps
      .filter((s) => state.answers[s.id] !== undefined)
      .map((s) => ({ prompt: s.prompt, answer: state.answers[s.id] }));
    return cardReply(
      'flow-summary',
      { flowTitle: flow.title, items, hasItems: items.length > 0 },
      `Summary: ${flow.title}`,
    );
  }
}
