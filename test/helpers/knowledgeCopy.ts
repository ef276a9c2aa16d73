import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem, readKnowledge } from '../../src/knowledge/loadKnowledge';

const ROOT = join(__dirname, '..', '..');

/**
 * A fresh copy of the shipped knowledge/ for each test of a file (beforeEach), removed after, with
 * the helpers content tests share: a path in it, its problems as kb:check prints them, a checked
 * edit, and the line a piece of text is on.
 */
export function knowledgeCopyPerTest(prefix: string) {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    cpSync(join(ROOT, 'knowledge'), join(dir, 'knowledge'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const kb = (...parts: string[]) => join(dir, 'knowledge', ...parts);
  return {
    kb,
    root: () => dir,
    problems: () => readKnowledge(kb(), dir).problems.map(formatProblem),
    edit(file: string, from: string, to: string) {
      const text = readFileSync(kb(file), 'utf8');
      if (!text.includes(from)) throw new Error(`${file} has no "${from}"`);
      writeFileSync(kb(file), text.replace(from, to));
    },
    lineOf: (file: string, needle: string) =>
      readFileSync(kb(file), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes(needle)) + 1,
  };
}
