import { join } from 'node:path';
import type { DigestCardData } from '../src/cards/cardTypes';
import { loadCardRenderer } from '../src/cards/renderCard';
import { composeDigest, MAX_CHANGED, MAX_POPULAR } from '../src/digest/compose';
import { entryHashes } from '../src/digest/entryHashes';
import { loadKnowledge } from '../src/knowledge/loadKnowledge';
import { PROJECT_ROOT } from '../src/paths';
import { activityOf } from '../src/teams/turnPort';

const knowledge = loadKnowledge(join(PROJECT_ROOT, 'knowledge'), PROJECT_ROOT);
const cards = loadCardRenderer(join(PROJECT_ROOT, 'cards'));
const principles = knowledge.entries
  .filter((e) => e.id.startsWith('principle-'))
  .sort((a, b) => (a.id < b.id ? -1 : 1));
const hashes = entryHashes(knowledge.entries);
const base = {
  heading: 'Week beginning 7 December 2026',
  schedule: 'This digest comes every Monday at 09:00 (UK time)',
  principles,
  tips: knowledge.guidance.tips.all,
  prompts: knowledge.guidance.prompts.all,
  topicOf: (p: { topic: string }) => knowledge.guidance.prompts.topic(p.topic),
  entries: knowledge.entries,
  hashes,
  answerCounts: {},
};
const dataOf = (week: number, more: Partial<Parameters<typeof composeDigest>[0]> = {}): DigestCardData => {
  const reply = composeDigest({ ...base, week, ...more });
  return reply.card!.data as DigestCardData;
};

describe('the digest card', () => {
  it('rotates the principle of the week through all eight, then starts again', () => {
    const titles = Array.from({ length: 9 }, (_, week) => dataOf(week).principle.id);
    expect(new Set(titles.slice(0, 8)).size).toBe(8);
    expect(titles[8]).toBe(titles[0]);
  });

  it('is the same for every channel in a given week, whatever else differs', () => {
    const a = dataOf(3);
    const b = dataOf(3, { answerCounts: { 'pdsa-cycles': 4 }, previousHashes: {} });
    expect(b.principle).toEqual(a.principle);
    expect(b.tip).toEqual(a.tip);
    expect(b.prompt).toEqual(a.prompt);
  });

  it('lists nothing as new on a first digest, and only what changed since the last one after', () => {
    expect(dataOf(1).hasChanged).toBe(false);
    const previous = Object.fromEntries(hashes);
    expect(dataOf(1, { previousHashes: previous }).hasChanged).toBe(false);
    previous['proportionate-universalism'] = 'an older hash';
    delete previous['five-whys'];
    const data = dataOf(1, { previousHashes: previous });
    expect(data.changed.map((c) => c.id).sort()).toEqual(['five-whys', 'proportionate-universalism']);
    expect(dataOf(1, { previousHashes: {} }).changed).toHaveLength(MAX_CHANGED);
  });

  it('shows the entries answered most, most first, leaving out unknown ids and zeros', () => {
    const data = dataOf(1, {
      answerCounts: {
        'pdsa-cycles': 3,
        'five-whys': 9,
        'no-such-entry': 50,
        'run-chart': 0,
        'spc-chart': 1,
        pareto: 2,
      },
    });
    expect(data.popular.map((p) => [p.id, p.times])).toEqual(
      [
        ['five-whys', '9\u00a0times'],
        ['pdsa-cycles', '3\u00a0times'],
        ['spc-chart', 'once'],
      ].slice(0, MAX_POPULAR),
    );
    expect(dataOf(1).hasPopular).toBe(false);
  });

  it('renders with the real template, under 40 KB, with a readable notification summary', () => {
    const reply = composeDigest({
      ...base,
      week: 5,
      previousHashes: {},
      answerCounts: Object.fromEntries(knowledge.entries.map((e, i) => [e.id, i])),
    });
    const activity = activityOf(reply, cards);
    expect(JSON.stringify(activity).length * 2).toBeLessThan(40 * 1024);
    expect(reply.summary).toMatch(/^Health equity digest: Principle \d/);
    const text = JSON.stringify(activity.attachments![0].content);
    expect(text).not.toContain('${');
    expect(text).toContain('"verb":"ask"');
  });
});
