/**
 * The command table. A command is only ever the first word of a message (after the bot's
 * @mention is removed); anything else is a question. docs/commands.md documents this table.
 */
export type CommandName = 'help';

export interface CommandSpec {
  name: CommandName;
  aliases: readonly string[];
  /** 'none': the word alone is the command, with words after it the message is a question. */
  args: 'none' | 'optional' | 'required';
  usage: string;
  description: string;
}

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'help',
    aliases: ['?', 'menu', 'commands'],
    args: 'none',
    usage: 'help',
    description: 'Shows what the assistant can do, with example questions to press.',
  },
];

export interface ParsedCommand {
  name: CommandName;
  args: string;
}

/** Pure: the command a message starts with, or null when the message is a question. */
export function parseCommand(text: string): ParsedCommand | null {
  const trimmed = text.trim();
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  if (!match) return null;
  const word = match[1].toLowerCase().replace(/[.!?,:;]+$/, '') || match[1];
  const args = match[2].trim();
  const spec = COMMANDS.find((c) => c.name === word || c.aliases.includes(word));
  if (!spec) return null;
  if (spec.args === 'none' && args !== '') return null;
  if (spec.args === 'required' && args === '') return null;
  return { name: spec.name, args };
}
