import { join } from 'node:path';
import { readKnowledge } from '../src/knowledge/loadKnowledge';
import { PROJECT_ROOT } from '../src/paths';
import { run } from './helpers/process';
import { vagueWord } from './helpers/vagueWord';

const ASK = join('dist', 'src', 'search', 'ask.js');
const ask = (args: string[], input?: string) => run(process.execPath, [ASK, ...args], { input });

interface AskLine {
  question: string;
  decision: string;
  results: { id: string; title: string; score: number; text: string }[];
}
const parse = (stdout: string): AskLine[] =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as AskLine);

describe('the ask command', () => {
  it('answers "what are the marmot principles" naming all eight', async () => {
    const result = await ask(['--json', 'what', 'are', 'the', 'marmot', 'principles']);
    expect(result.code).toBe(0);
    const [line] = parse(result.stdout);
    expect(line.question).toBe('what are the marmot principles');
    expect(line.decision).toBe('answer');
    expect(line.results[0].id).toBe('marmot-principles');
    const text = line.results[0].text;
    for (const words of [
      'best start in life',
      'capabilities',
      'fair employment',
      'healthy standard of living',
      'sustainable places',
      'ill health prevention',
      'racism',
      'environmental sustainability',
    ])
      expect(text).toContain(words);
    expect(text.split('\n\n')[0]).toBe(line.results[0].text.split('\n\n')[0]);
    for (const r of line.results) expect(r.score).toBeGreaterThanOrEqual(0);
    for (const r of line.results) expect(r.score).toBeLessThanOrEqual(1);
  });

  it('reads one question a line from standard input and writes one JSON line each, in order', async () => {
    const vague = vagueWord(readKnowledge(join(PROJECT_ROOT, 'knowledge'), PROJECT_ROOT).knowledge!.index);
    const result = await ask(
      ['--json'],
      `${vague}\n\nasdkjh qwe zzz\n  what is proportionate universalism  \n`,
    );
    expect(result.code).toBe(0);
    const lines = parse(result.stdout);
    expect(lines.map((l) => l.decision)).toEqual(['suggest', 'none', 'none', 'answer']);
    expect(lines[0].results.length).toBeGreaterThanOrEqual(2);
    expect(lines[1]).toEqual({ question: '', decision: 'none', results: [] });
    expect(lines[2].results).toEqual([]);
    expect(lines[3].question).toBe('what is proportionate universalism');
    expect(result.stderr).toBe('');
  });

  it('prints readably without --json', async () => {
    const result = await ask(['what', 'is', 'proportionate', 'universalism']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /ANSWER\n {2}1\. Proportionate universalism \[proportionate-universalism\] score 1\.000/,
    );
  });

  it('exits 2 on an unknown option', async () => {
    const result = await ask(['--jsn', 'hello']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Usage/);
  });
});
