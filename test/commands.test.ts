import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../src/routes';
import { type ArgChecks, draftAfterCheck, parseCommand as parseWith } from '../src/routing/commands';

const parseCommand = (text: string, checks?: ArgChecks) => parseWith(text, COMMANDS, checks);

import { textWithoutBotMention } from '../src/teams/mentions';

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

  const isQiTopic = (words: string) => ['study', 'fishbone', '5 whys'].includes(words.toLowerCase());

  it.each([
    ['qi', 'qi', ''],
    ['QI?', 'qi', ''],
    ['qi study', 'qi', 'study'],
    ['qi: fishbone', 'qi', 'fishbone'],
    ['qi 5 whys', 'qi', '5 whys'],
    ['tip', 'tip', ''],
    ['Tips!', 'tip', ''],
  ])('"%s" is the %s command with "%s"', (text, name, args) => {
    expect(parseCommand(text, { isQiTopic })).toEqual({ name, args });
  });

  it.each(['qi tools', 'qi coaches in Luton', 'tip for talking about housing', 'tips on framing'])(
    '"%s" is a question',
    (text) => {
      expect(parseCommand(text, { isQiTopic })).toBeNull();
    },
  );

  it('every command is documented in docs/commands.md', () => {
    const doc = readFileSync(join(__dirname, '..', 'docs', 'commands.md'), 'utf8');
    for (const command of COMMANDS) expect(doc).toContain(`\`${command.usage}\``);
  });
});

describe('when check is a command (docs/commands.md)', () => {
  it.each([
    [
      'check People in deprived areas make poor lifestyle choices; it is a crisis.',
      'People in deprived areas make poor lifestyle choices; it is a crisis.',
    ],
    ['check: hard to reach families', 'hard to reach families'],
    ['check:Why do some of us die younger?', 'Why do some of us die younger?'],
    [
      'check\nWhy do some of us die younger?\nBecause homes are cold.',
      'Why do some of us die younger?\nBecause homes are cold.',
    ],
    ['Check, We will help every family with warm homes.', 'We will help every family with warm homes.'],
    ['check', ''],
    ['check my wording', ''],
    ['Check this!', ''],
  ])('%j gives the draft %j', (text, draft) => {
    expect(parseCommand(text)).toEqual({ name: 'check', args: draft });
  });

  it.each([
    'check what the toolkit says',
    'check what the toolkit says about crisis language',
    "check what's new",
    'check if the NHS is a Marmot place',
    'check how we run a PDSA cycle',
    'check out the toolkit please',
    'check the toolkit',
    'check housing',
    'checklist for a project charter',
  ])('"%s" is a question', (text) => {
    expect(parseCommand(text)).toBeNull();
  });

  it('keeps a draft exactly as typed after the command word', () => {
    expect(draftAfterCheck('  It is a crisis.  ', true)).toBe('It is a crisis.');
    expect(draftAfterCheck('It is a crisis.', false)).toBe('It is a crisis.');
    expect(draftAfterCheck('a crisis', false)).toBeNull();
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

  it('keeps line breaks when asked (for drafts)', () => {
    expect(
      textWithoutBotMention(
        {
          text: '<at>Bot</at> check\r\n  One.  \n Two ',
          recipient,
          entities: [{ type: 'mention', mentioned: { id: '28:bot' }, text: '<at>Bot</at>' }],
        } as never,
        { keepLines: true },
      ),
    ).toBe('check\nOne.\nTwo');
  });

  it('leaves text without a mention as it is, trimmed', () => {
    expect(textWithoutBotMention({ text: '  what is   QI ', recipient } as never)).toBe('what is QI');
  });
});
