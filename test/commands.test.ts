import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, parseCommand } from '../src/bot/commands';
import { textWithoutBotMention } from '../src/bot/mentions';

describe('the command table', () => {
  it.each([
    ['help', 'help'],
    ['Help', 'help'],
    ['HELP!', 'help'],
    ['  help  ', 'help'],
    ['?', 'help'],
    ['menu', 'help'],
  ])('"%s" is the %s command', (text, name) => {
    expect(parseCommand(text)?.name).toBe(name);
  });

  it.each([
    'help me understand proportionate universalism',
    'what does help mean',
    'can you help',
    'helpful resources on housing',
    '',
  ])('"%s" is a question, not a command', (text) => {
    expect(parseCommand(text)).toBeNull();
  });

  it('every command is documented in docs/commands.md', () => {
    const doc = readFileSync(join(__dirname, '..', 'docs', 'commands.md'), 'utf8');
    for (const command of COMMANDS) expect(doc).toContain(`\`${command.usage}\``);
  });
});

describe('removing the bot mention', () => {
  const recipient = { id: '28:bot' };
  it('removes only the bot mention', () => {
    const text = textWithoutBotMention({
      text: '<at>Bot</at> help <at>Sam</at>',
      recipient,
      entities: [
        { type: 'mention', mentioned: { id: '28:bot', name: 'Bot' }, text: '<at>Bot</at>' },
        { type: 'mention', mentioned: { id: '29:sam', name: 'Sam' }, text: '<at>Sam</at>' },
      ],
    } as never);
    expect(text).toBe('help <at>Sam</at>');
  });

  it('leaves text without a mention as it is, trimmed', () => {
    expect(textWithoutBotMention({ text: '  what is   QI ', recipient } as never)).toBe('what is QI');
  });
});
