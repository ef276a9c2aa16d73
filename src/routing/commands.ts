/**
 * How a message's first word becomes a command. A command is only ever the first word (after the
 * bot's @mention is removed); anything else is a question. The commands themselves are rows of
 * the routing table (src/routes.ts); docs/commands.md documents them.
 */
export interface CommandSpec {
  name: string;
  aliases: readonly string[];
  /**
   * What may follow the command word:
   * - 'none': nothing; with words after it the message is a question.
   * - 'topic': nothing, or a QI topic's words (checked by `isQiTopic`); other words make a question.
   * - 'draft': nothing, or a draft to check, as `draftAfterCheck` defines; otherwise a question.
   * - 'subcommand': nothing, or one of `subcommands` then anything; other words make a question
   *   ("digest of the Marmot review" is a question, "digest on monthly" is the command).
   * - 'pattern': nothing, or words matching `pattern` ("report 30d"); other words make a question
   *   ("report on child poverty").
   * - 'any': whatever follows, for a command whose word is never the start of a question.
   */
  args: 'none' | 'topic' | 'draft' | 'subcommand' | 'pattern' | 'any';
  subcommands?: readonly string[];
  pattern?: RegExp;
  usage: string;
  description: string;
}

export interface ParsedCommand {
  name: string;
  /** The words after the command; for `check`, the draft ("" opens the Check my wording card). */
  args: string;
}

export interface ArgChecks {
  /** Whether words after `qi` name a QI topic (the topics are content, so the caller knows them). */
  isQiTopic?: (words: string) => boolean;
}

/** A first word after `check` that makes the message a question ("check what the toolkit says"). */
export const QUESTION_WORDS: ReadonlySet<string> = new Set([
  'what',
  'whats',
  "what's",
  'how',
  'why',
  'when',
  'where',
  'who',
  'which',
  'whether',
  'if',
  'is',
  'are',
  'was',
  'does',
  'do',
  'did',
  'can',
  'could',
  'should',
  'would',
  'will',
  'out',
  'about',
]);

/** Words after `check` that ask for the Check my wording card rather than being a draft. */
const OPEN_THE_CARD: ReadonlySet<string> = new Set([
  'my wording',
  'wording',
  'my draft',
  'a draft',
  'draft',
  'this',
  'my text',
  'my message',
  'my writing',
]);

/** A draft typed straight after `check` needs at least this many words. */
export const MIN_DRAFT_WORDS = 4;

/**
 * Pure: what `check` is followed by. '' means "show the Check my wording card", a string is the
 * draft, null means the message is a question. `explicit` is true for `check:` and for `check`
 * followed by a line break, which always make the rest a draft.
 */
export function draftAfterCheck(rest: string, explicit: boolean): string | null {
  const text = rest.trim();
  if (text === '') return '';
  if (explicit) return text;
  const simple = text
    .toLowerCase()
    .replace(/\u2019/g, "'")
    .replace(/[^\p{L}\p{N}\s']/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (OPEN_THE_CARD.has(simple)) return '';
  const words = simple.split(' ');
  if (QUESTION_WORDS.has(words[0])) return null;
  if (text.split(/\s+/).length < MIN_DRAFT_WORDS) return null;
  return text;
}

/** Pure: the command a message starts with, or null when the message is a question. */
export function parseCommand(
  text: string,
  commands: readonly CommandSpec[],
  checks: ArgChecks = {},
): ParsedCommand | null {
  const match = /^([^\s:]+)(:?)([\s\S]*)$/.exec(text.trim());
  if (!match) return null;
  const word = match[1].toLowerCase().replace(/[.!?,;]+$/, '') || match[1];
  const spec = commands.find((c) => c.name === word || c.aliases.includes(word));
  if (!spec) return null;
  const rest = match[3];
  const args = rest.trim();
  if (spec.args === 'none') return args === '' ? { name: spec.name, args } : null;
  if (spec.args === 'any') return { name: spec.name, args };
  if (spec.args === 'subcommand') {
    const first = args
      .split(/\s+/)[0]
      .toLowerCase()
      .replace(/[.!?,;:]+$/, '');
    return args === '' || spec.subcommands?.includes(first) ? { name: spec.name, args } : null;
  }
  if (spec.args === 'pattern')
    return args === '' || spec.pattern?.test(args) ? { name: spec.name, args } : null;
  if (spec.args === 'topic')
    return args === '' || checks.isQiTopic?.(args) ? { name: spec.name, args } : null;
  const explicit = match[2] === ':' || /^[^\S\n]*\n/.test(rest);
  const draft = draftAfterCheck(rest, explicit);
  return draft === null ? null : { name: spec.name, args: draft };
}
