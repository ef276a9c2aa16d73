import { appendFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  formatProblem,
  KnowledgeLoadError,
  knowledgeVersion,
  loadKnowledge,
  readKnowledge,
} from '../src/knowledge/loadKnowledge';

const ROOT = join(__dirname, '..');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kb-'));
  cpSync(join(ROOT, 'knowledge'), join(dir, 'knowledge'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const kb = () => join(dir, 'knowledge');
const write = (name: string, text: string) => writeFileSync(join(kb(), 'entries', name), text);
const problemsOf = () => readKnowledge(kb(), dir).problems.map(formatProblem);

const GOOD = `---
id: test-entry
title: A test entry
questions:
  - first phrasing about zebras
  - second phrasing about zebras
  - third phrasing about zebras
tags: [test]
principle: none
summary: A short summary.
source:
  title: Somewhere
  url: https://example.org/page
owner: Test team
written: 2026-01-31
---
The body.
`;

describe('loading knowledge', () => {
  it('loads the shipped knowledge with a 12-hex version', () => {
    const knowledge = loadKnowledge(join(ROOT, 'knowledge'), ROOT);
    expect(knowledge.entries.length).toBeGreaterThanOrEqual(25);
    expect(knowledge.version).toMatch(/^[0-9a-f]{12}$/);
  });

  it('a practice question in knowledge/training teaches the search its words', () => {
    // Practice words weigh between entries the question already matches; they do not add entries.
    const question = 'zebra crossing with striped horses';
    const share = () => {
      const { candidates } = loadKnowledge(kb(), dir).index.features(question);
      return candidates.find((c) => c.id === 'test-entry')?.exampleLikelihood ?? 0;
    };
    write('test-entry.md', GOOD);
    write(
      'test-crossing.md',
      GOOD.replace('id: test-entry', 'id: test-crossing').replace(/zebras/g, 'zebra crossings'),
    );
    const before = share();
    appendFileSync(
      join(kb(), 'training', 'practice-a.jsonl'),
      '{"question": "how should striped horses be cared for", "expected": "test-entry"}\n',
    );
    expect(share()).toBeGreaterThan(before * 2);
  });

  it('a broken practice line stops the start-up, naming its file and line', () => {
    appendFileSync(join(kb(), 'training', 'practice-a.jsonl'), 'not json\n');
    expect(() => loadKnowledge(kb(), dir)).toThrow(KnowledgeLoadError);
    expect(problemsOf().join('\n')).toMatch(
      /knowledge\/training\/practice-a\.jsonl:\d+:1: error training-line/,
    );
  });

  it('a valid new entry loads and changes the version', () => {
    const before = knowledgeVersion(kb());
    write('test-entry.md', GOOD);
    expect(problemsOf()).toEqual([]);
    expect(knowledgeVersion(kb())).not.toBe(before);
  });

  it.each([
    [
      'a missing field',
      GOOD.replace('owner: Test team\n', ''),
      /entries\/bad\.md:2:1: error missing-field: missing field "owner"/,
    ],
    [
      'a YAML syntax error',
      GOOD.replace('tags: [test]', 'tags: [test'),
      /entries\/bad\.md:\d+:\d+: error yaml/,
    ],
    [
      'too few questions',
      GOOD.replace('  - third phrasing about zebras\n', ''),
      /entries\/bad\.md:4:1: error few-questions/,
    ],
    [
      'a bad url',
      GOOD.replace('https://example.org/page', 'example.org'),
      /entries\/bad\.md:11:1: error bad-url/,
    ],
    [
      'a long summary',
      GOOD.replace('A short summary.', 'word '.repeat(61)),
      /entries\/bad\.md:10:1: error long-summary/,
    ],
    [
      'a bad principle',
      GOOD.replace('principle: none', 'principle: 9'),
      /entries\/bad\.md:9:1: error invalid-field/,
    ],
    ['a bad date', GOOD.replace('2026-01-31', '31/01/2026'), /entries\/bad\.md:15:1: error invalid-date/],
    ['an empty body', GOOD.replace('The body.\n', ''), /entries\/bad\.md:\d+:1: error empty-body/],
    ['no front matter', 'Just text', /entries\/bad\.md:1:1: error front-matter/],
    ['an id that is not the file name', GOOD, /entries\/bad\.md:2:1: error id-filename/],
  ])('%s is reported with file and line', (_name, text, pattern) => {
    write('bad.md', text);
    const problems = problemsOf();
    expect(problems.join('\n')).toMatch(pattern);
    expect(() => loadKnowledge(kb(), dir)).toThrow(KnowledgeLoadError);
  });

  it('a duplicate id is reported', () => {
    write('test-entry.md', GOOD);
    const dup = GOOD.replace('id: test-entry', 'id: test-entry\naliases: [marmot-principles]');
    write('test-entry.md', dup);
    expect(problemsOf().join('\n')).toMatch(/duplicate-id: id or alias "marmot-principles"/);
  });
});
