import type { Signposter } from '../signposting/signposting';
import type { CommandSpec } from './commands';
import type {
  ComposeAnswer,
  ComposePickHandler,
  ComposeResult,
  ComposeRows,
  ComposeSearchHandler,
  ComposeTurn,
  MessageActionHandler,
} from './compose';
import { MAX_SIGNPOST_CHARS, routeMessage } from './messageRoute';
import type {
  ActionData,
  ActionOutcome,
  CommandHandler,
  EventDetails,
  EventHandler,
  TeamsEvent,
  Turn,
  VerbHandler,
} from './turn';

export interface CommandRow {
  spec: CommandSpec;
  handle: CommandHandler;
}

/**
 * Everything the bot responds to, one row each: commands (the first word of a message), card
 * verbs (buttons) and Teams events, plus what every other message gets. src/routes.ts fills it.
 */
export interface RoutingTable {
  commands: readonly CommandRow[];
  verbs: Readonly<Record<string, VerbHandler>>;
  events: Readonly<Partial<Record<TeamsEvent, EventHandler>>>;
  /** A message that reads as someone in danger now: before any command or search. */
  urgent: (turn: Turn, category: string) => Promise<void>;
  /** Any other message, and an empty one (only the @mention). */
  question: (turn: Turn, text: string, sensitive: boolean) => Promise<void>;
  empty: (turn: Turn) => Promise<void>;
  /** The message extension: the compose box's search commands and the actions on a message. */
  compose: ComposeRows;
}

export interface RouterDeps {
  signposter: Pick<Signposter, 'classify'>;
  /** Whether words after `qi` name a QI topic. */
  isQiTopic: (words: string) => boolean;
}

/** Picks the row for a message, a button or an event. Knows nothing of Teams or the SDK. */
export class Router {
  private readonly verbs: Map<string, VerbHandler>;
  // Maps, not the rows' objects: a command id comes from the caller, and "constructor" must not
  // find Object's.
  private readonly searches: ReadonlyMap<string, ComposeSearchHandler>;
  private readonly messageActions: ReadonlyMap<string, MessageActionHandler>;
  readonly commands: readonly CommandSpec[];

  constructor(
    private readonly table: RoutingTable,
    private readonly deps: RouterDeps,
  ) {
    this.verbs = new Map(Object.entries(table.verbs));
    this.commands = table.commands.map((row) => row.spec);
    this.searches = new Map(Object.entries(table.compose.searches));
    this.messageActions = new Map(Object.entries(table.compose.messageActions));
  }

  /** A typed message, the bot's @mention removed and line breaks kept (a `check` draft may span lines). */
  async text(turn: Turn, text: string): Promise<void> {
    if (text === '') return this.table.empty(turn);
    const route = routeMessage(text, { ...this.deps, commands: this.commands });
    if (route.kind === 'signpost') return this.table.urgent(turn, route.category);
    if (route.kind === 'question') return this.table.question(turn, route.text, route.sensitive);
    const { command } = route;
    turn.log.info({ event: 'command', command: command.name }, 'command');
    const row = this.table.commands.find((r) => r.spec.name === command.name)!;
    return row.handle(turn, command.args);
  }

  /** A button's verb: undefined when no row has it (an old card, or a forged one). */
  async action(turn: Turn, verb: string, data: ActionData): Promise<ActionOutcome | undefined> {
    const handler = this.verbs.get(verb);
    return handler ? handler(turn, data) : undefined;
  }

  /**
   * A compose-box search, screened as a typed message is: an urgent query gets the urgent-help
   * card alone. Undefined for a command id no row has (an old or forged manifest).
   */
  async composeSearch(
    turn: ComposeTurn,
    commandId: string,
    query: string,
  ): Promise<ComposeResult[] | undefined> {
    const search = this.searches.get(commandId);
    if (!search) return undefined;
    // Read as far as signposting reads a message; the search itself reads less (questionCap.ts).
    const text = query.slice(0, MAX_SIGNPOST_CHARS).replace(/\s+/g, ' ').trim();
    const outcome = this.deps.signposter.classify(text);
    if (outcome.kind === 'urgent') return [this.table.compose.urgent(turn, outcome.category)];
    return search(turn, text, outcome.kind === 'sensitive');
  }

  /** A picked compose-box result: the card to insert. */
  readonly composePick: ComposePickHandler = (turn, data) => this.table.compose.pick(turn, data);

  /**
   * A message action on a message's plain text, screened as a typed message is (as the "Check my
   * wording" card's draft is): urgent text gets the urgent-help card instead of the action's answer.
   */
  async messageAction(
    turn: ComposeTurn,
    commandId: string,
    text: string,
  ): Promise<ComposeAnswer | undefined> {
    const action = this.messageActions.get(commandId);
    if (!action) return undefined;
    const outcome = this.deps.signposter.classify(text.slice(0, MAX_SIGNPOST_CHARS));
    if (outcome.kind === 'urgent')
      return { kind: 'card', ...this.table.compose.urgent(turn, outcome.category) };
    return action(turn, text);
  }

  /** Every message extension command id with a row: the manifest must declare exactly these. */
  get composeCommandIds(): string[] {
    return [...this.searches.keys(), ...this.messageActions.keys()];
  }

  async event(turn: Turn, event: TeamsEvent, details?: EventDetails): Promise<void> {
    await this.table.events[event]?.(turn, details);
  }

  hasVerb(verb: string): boolean {
    return this.verbs.has(verb);
  }

  get verbNames(): string[] {
    return [...this.verbs.keys()];
  }

  /** Adds a verb at run time (a feature wired in later, or a test's); a verb is never taken twice. */
  registerVerb(verb: string, handler: VerbHandler): void {
    if (this.verbs.has(verb)) throw new Error(`card action verb "${verb}" is registered twice`);
    this.verbs.set(verb, handler);
  }
}
