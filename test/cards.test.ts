// biome-ignore-all lint/suspicious/noTemplateCurlyInString: some strings are card template text or messages typed with ${...}, not JavaScript templates
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnswerReplies } from '../src/answers/answerReplies';
import { CARD_NAMES, type CardDataMap, type CardName } from '../src/cards/cardTypes';
import { type AdaptiveCard, loadCardRenderer, MAX_CARD_VERSION } from '../src/cards/renderCard';
import { MemoryCounters } from '../src/counters';
import { HelpReplies } from '../src/help/helpReplies';
import { loadKnowledge } from '../src/knowledge/loadKnowledge';
import type { Reply } from '../src/routing/reply';
import { SignpostReplies } from '../src/signposting/signpostReplies';
import { activityOf } from '../src/teams/turnPort';
import { cardProblems } from './helpers/adaptiveCards';

const ROOT = join(__dirname, '..');
const renderer = loadCardRenderer(join(ROOT, 'cards'));
const sample = <K extends CardName>(name: K): CardDataMap[K] =>
  JSON.parse(readFileSync(join(ROOT, 'cards', 'samples', `${name}.json`), 'utf8')) as CardDataMap[K];

function textBlocks(node: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) for (const n of node) textBlocks(n, found);
  else if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    if (obj.type === 'TextBlock') found.push(obj);
    for (const v of Object.values(obj)) textBlocks(v, found);
  }
  return found;
}

/** Teams counts a message's size in UTF-16: twice the JSON length. */
const teamsBytes = (activity: unknown): number => JSON.stringify(activity).length * 2;

function expectValidCard(card: AdaptiveCard): void {
  expect(cardProblems(card)).toEqual([]);
  expect(Number(card.version)).toBeLessThanOrEqual(MAX_CARD_VERSION);
  const blocks = textBlocks(card.body);
  expect(blocks.length).toBeGreaterThan(0);
  for (const block of blocks) expect(block.wrap).toBe(true);
  expect(teamsBytes({ type: 'message', attachments: [{ contentType: 'x', content: card }] })).toBeLessThan(
    40 * 1024,
  );
}

describe('card templates', () => {
  it.each(CARD_NAMES)('%s renders with its sample data into a valid 1.5 card', (name) => {
    expectValidCard(renderer.render(name, sample(name)));
  });

  it('refuses data that leaves a template field unbound', () => {
    expect(() => renderer.render('answer', { title: 'x' } as CardDataMap['answer'])).toThrow(/unbound/);
  });

  it.each(CARD_NAMES)(
    '%s leaves no ${...} in the card from its sample data (a template typo shows here)',
    (name) => {
      expect(JSON.stringify(renderer.render(name, sample(name)))).not.toContain('${');
    },
  );

  it('keeps "${...}" that is in the data itself: a person may type it', () => {
    const data = { ...sample('tip'), title: 'Say ${name}, not ${user}' };
    expect(JSON.stringify(renderer.render('tip', data))).toContain('Say ${name}, not ${user}');
  });

  it('the parser used here does report an unknown element', () => {
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Foo' }] })).not.toEqual([]);
  });
});

describe('cards built from the shipped knowledge', () => {
  const knowledge = loadKnowledge(join(ROOT, 'knowledge'), ROOT);
  const answers = new AnswerReplies(knowledge);
  const help = new HelpReplies(knowledge.helpExamples);
  const signposting = new SignpostReplies(knowledge.signposter, new MemoryCounters());
  const content = (reply: Reply): AdaptiveCard =>
    activityOf(reply, renderer).attachments?.[0]?.content as AdaptiveCard;

  it.each(knowledge.entries.map((e) => e.id))('answer card for %s is valid and within 40 KB', (id) => {
    const reply = answers.answerReply(knowledge.byId.get(id)!);
    expectValidCard(content(reply));
    expect(teamsBytes(activityOf(reply, renderer))).toBeLessThan(40 * 1024);
    expect(reply.summary).toContain(knowledge.byId.get(id)!.title);
  });

  it('help, welcome, no-answer and signposting cards are valid', () => {
    for (const reply of [
      help.helpReply(),
      help.welcomeReply(),
      answers.noAnswerReply(),
      signposting.signpostReply('emergency'),
    ])
      expectValidCard(content(reply));
  });
});

describe('cards of data that never changes', () => {
  const examples = [{ id: 'marmot-principles', question: 'What are the Marmot principles?' }];

  it('the help card is expanded once and handed out frozen, so no reply can alter the next', () => {
    const help = new HelpReplies(examples).helpReply().card;
    if (!help) throw new Error('the help reply has no card');
    const first = renderer.render(help.name, help.data);
    expect(renderer.render(help.name, help.data)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => {
      (first as { version: string }).version = '9.9';
    }).toThrow(TypeError);
    expect(JSON.stringify(first)).toContain('What are the Marmot principles?');
  });

  it('a card of ordinary data is expanded afresh each time', () => {
    const data = { examples: [...examples] };
    const first = renderer.render('help', data);
    expect(renderer.render('help', data)).not.toBe(first);
    data.examples.push({ id: 'model-for-improvement', question: 'What is the Model for Improvement?' });
    expect(JSON.stringify(renderer.render('help', data))).toContain('Model for Improvement');
  });
});
