import type { KnowledgeEntry } from '../src/knowledge/entry';
import { buildSearchIndex } from '../src/search/searchIndex';

const entry = (id: string, title: string, questions: string[], body = ''): KnowledgeEntry => ({
  id,
  aliases: [],
  title,
  questions,
  tags: [],
  principle: null,
  summary: title,
  source: { title: 'Source', url: 'https://example.org' },
  owner: 'Test team',
  written: '2026-01-01',
  related: [],
  body,
  file: `${id}.md`,
});

describe('search index', () => {
  const index = buildSearchIndex([
    entry('about', 'About this assistant', ['What can you do?', 'Who writes the answers?']),
    entry('run-chart', 'Run charts', ['How do I read a run chart?']),
  ]);

  it('answers a phrasing made only of stop words when typed word for word, shorthand included', () => {
    for (const q of ['What can you do?', 'what can u do', 'WHAT CAN YOU DO'])
      expect(index.search(q)).toMatchObject({ decision: 'answer', results: [{ entry: { id: 'about' } }] });
  });

  it('does not stretch a stop-word phrasing to other stop-word questions', () => {
    for (const q of ['how are you', 'what can you do for me', 'can you'])
      expect(index.search(q)).toEqual({ decision: 'none', results: [] });
  });

  it('off-topic training words lower confidence in an answer', () => {
    const entries = [
      entry('run-chart', 'Run charts', ['How do I read a run chart?', 'What is a run chart for?']),
    ];
    const q = 'my laptop chart will not print';
    const plain = buildSearchIndex(entries).search(q);
    const warned = buildSearchIndex(entries, {
      offTopic: [
        'laptop will not print',
        'printer not working on my laptop',
        'how do i print from my laptop',
      ],
    }).search(q);
    expect(warned.results[0].score).toBeLessThan(plain.results[0].score);
  });

  it('does not take a word the off-topic questions use for a misspelling of a content word', () => {
    const entries = [entry('trains', 'Rail travel', ['How do staff claim rail fares?'])];
    expect(buildSearchIndex(entries).search('rain fares').results[0]?.entry.id).toBe('trains');
    const knowing = buildSearchIndex(entries, { offTopic: ['will it rain today', 'is rain forecast'] });
    const outcome = knowing.features('rain fares');
    expect(outcome.unknownShare).toBeGreaterThan(0.3);
    expect(buildSearchIndex(entries).features('rain fares').unknownShare).toBe(0);
  });

  it('gives more results when asked, with the same decision and the same first three', () => {
    const many = buildSearchIndex(
      Array.from({ length: 12 }, (_, i) =>
        entry(`chart-${i}`, `Chart kind ${i}`, [`How do I read chart kind ${i}?`], 'charts and data'),
      ),
    );
    const three = many.search('reading charts');
    const ten = many.search('reading charts', { limit: 10 });
    expect(three.results).toHaveLength(3);
    expect(ten.results.length).toBeGreaterThan(3);
    expect(ten.results.length).toBeLessThanOrEqual(10);
    expect(ten.decision).toBe(three.decision);
    expect(ten.results.slice(0, 3)).toEqual(three.results);
  });
});
