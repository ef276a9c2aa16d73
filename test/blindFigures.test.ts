import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { firstSightFigures } from '../scripts/blindFigures';

const ROOT = join(__dirname, '..');

// The protocol (docs/search.md) records each blind set's first-sight figures before the set may be
// used for anything else; bench:search prints them from that table beside today's figures.
describe('first-sight figures of the blind sets', () => {
  const recorded = firstSightFigures(join(ROOT, 'docs', 'search.md'));

  it('are recorded in docs/search.md for every blind set kept in test/eval', () => {
    const kept = readdirSync(join(ROOT, 'test', 'eval'))
      .filter((f) => /^blind-[a-z]+\.jsonl$/.test(f))
      .map((f) => f.replace('.jsonl', ''));
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.filter((name) => !recorded.has(name))).toEqual([]);
  });

  it('are read as numbers from the table rows', () => {
    expect(recorded.get('blind-a')).toEqual({
      top1: '92.7',
      top3: '96.0',
      refused: '78.0',
      confidentWrong: '9.0',
    });
    expect(firstSightFigures(join(ROOT, 'no-such-file.md')).size).toBe(0);
  });
});
