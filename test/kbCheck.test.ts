import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkKnowledge } from '../src/knowledge/checkKnowledge';
import { formatProblem } from '../src/knowledge/loadKnowledge';
import { fleschReadingEase } from '../src/knowledge/readability';
import { ROOT, run } from './helpers/process';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kbcheck-'));
  cpSync(join(ROOT, 'knowledge'), join(dir, 'knowledge'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const TODAY = new Date('2026-11-25');
const kb = () => join(dir, 'knowledge');
const write = (name: string, text: string) => writeFileSync(join(kb(), 'entries', name), text);
const check = () => checkKnowledge(kb(), dir, { today: TODAY }).map(formatProblem).join('\n');
/** The built command itself, on the fixture folder. */
const runKbCheck = () =>
  run(process.execPath, [
    join('dist', 'src', 'tools', 'kbCheck.js'),
    '--knowledge',
    kb(),
    '--today',
    '2026-11-25',
  ]);

const entry = (
  id: string,
  fields: Partial<Record<'questions' | 'summary' | 'written' | 'body', string>> = {},
) => `---
id: ${id}
title: Zebra crossings and ${id}
questions:
${fields.questions ?? `  - zebra crossing rules for ${id}\n  - when to use a zebra crossing ${id}\n  - zebra crossing safety ${id}`}
tags: [test]
principle: none
summary: ${fields.summary ?? 'A short, clear summary.'}
source:
  title: Somewhere
  url: https://example.org/page
owner: Test team
written: ${fields.written ?? '2026-11-01'}
---
${fields.body ?? 'The body.'}
`;

describe('kb:check', () => {
  it('passes the shipped knowledge with no errors', () => {
    const problems = checkKnowledge(join(ROOT, 'knowledge'), ROOT, { today: TODAY });
    expect(problems.filter((p) => p.severity === 'error').map(formatProblem)).toEqual([]);
  });

  it('a fixture entry that is fine adds nothing', () => {
    write('zebra-one.md', entry('zebra-one'));
    expect(check()).toBe('');
  });

  it('reports a question shared by two entries at both lines', () => {
    write('zebra-one.md', entry('zebra-one'));
    write(
      'zebra-two.md',
      entry('zebra-two', {
        questions: '  - Zebra crossing rules for zebra-one!\n  - another b\n  - another c',
      }),
    );
    expect(check()).toMatch(
      /knowledge\/entries\/zebra-two\.md:5:1: error shared-question: "Zebra crossing rules for zebra-one!" is also a question of zebra-one \(knowledge\/entries\/zebra-one\.md:5\)/,
    );
  });

  it('reports a question that does not reach its own entry, naming the other id', () => {
    // Another entry's title as a question: both match it word for word, so the other entry (whose
    // other words fit it better) wins, or the bot can only ask "Did you mean".
    write(
      'zebra-three.md',
      entry('zebra-three', {
        questions: '  - zebra crossing safety\n  - The eight Marmot principles\n  - zebra crossing three',
      }),
    );
    expect(check()).toMatch(
      /knowledge\/entries\/zebra-three\.md:6:1: error self-retrieval: "The eight Marmot principles" (answers marmot-principles instead of zebra-three|only gets "Did you mean" between .*marmot-principles)/,
    );
  });

  it('reports a broken training line and an unknown entry id with their lines', () => {
    writeFileSync(
      join(kb(), 'training', 'practice-zz.jsonl'),
      [
        '{"question": "how do we run a pdsa in a care home", "expected": "how-to-run-a-pdsa"}',
        '{"question": "no closing brace"',
        '{"question": "", "expected": "none"}',
        '{"question": "what is a zebra audit", "expected": "zebra-audits"}',
      ].join('\n'),
    );
    const out = check();
    expect(out).toMatch(
      /knowledge\/training\/practice-zz\.jsonl:2:1: error training-line: not a JSON object/,
    );
    expect(out).toMatch(/practice-zz\.jsonl:3:1: error training-line: needs a non-empty "question"/);
    expect(out).toMatch(
      /practice-zz\.jsonl:4:1: error training-id: "expected" is zebra-audits, which is not an entry id/,
    );
    expect(out).not.toMatch(/practice-zz\.jsonl:1:/);
  });

  it('warns on a stale review, a hard summary and a long body, with their lines', () => {
    const hard =
      'Notwithstanding multidimensional socioeconomic determinants, institutional operationalisation necessitates comprehensive intersectoral accountability considerations.';
    write(
      'zebra-four.md',
      entry('zebra-four', { written: '2024-06-30', summary: hard, body: 'word '.repeat(401) }),
    );
    const out = check();
    expect(out).toMatch(
      /zebra-four\.md:15:1: warning stale-review: last checked against its source 2024-06-30/,
    );
    expect(out).toMatch(/zebra-four\.md:10:1: warning hard-summary: summary reading ease -?\d+ is under 25/);
    expect(out).toMatch(/zebra-four\.md:17:1: warning long-body: body has 401 words/);
    expect(out).not.toMatch(/error/);
  });

  it('refuses a staging server and a listed copy as sources, with the line', () => {
    write(
      'zebra-one.md',
      entry('zebra-one').replace('https://example.org/page', 'https://staging.example.org/page'),
    );
    write(
      'zebra-two.md',
      entry('zebra-two').replace('https://example.org/page', 'https://www.thoitrangredep.vn/copy'),
    );
    const out = check();
    expect(out).toMatch(
      /zebra-one\.md:\d+:1: error denied-source: source host staging\.example\.org is a staging or test server/,
    );
    expect(out).toMatch(
      /zebra-two\.md:\d+:1: error denied-source: source host www\.thoitrangredep\.vn is on knowledge\/denied-source-hosts\.txt/,
    );
  });

  it('refuses the same hosts in the pages tips, QI prompts and flows cite, with the line and column', () => {
    const edit = (name: string, from: string, to: string) => {
      const file = join(kb(), name);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain(from);
      writeFileSync(file, text.replace(from, to));
    };
    edit('tips.yaml', 'url: https://www.health.org.uk/', 'url: https://staging.health.org.uk/');
    edit(
      'prompts/project-charter.yaml',
      'url: https://qi.elft.nhs.uk/help-support',
      'url: "https://www.thoitrangredep.vn/help-support"',
    );
    edit(
      'flows/qi-huddle.yaml',
      'source:\n  title: How to improve (ELFT Quality Improvement)\n  url: https://qi.elft.nhs.uk/how-to-improve',
      'source: {title: A local copy, url: http://localhost/how-to-improve}',
    );
    const out = check();
    expect(out).toMatch(
      /knowledge\/tips\.yaml:\d+:5: error denied-source: source host staging\.health\.org\.uk is a staging or test server/,
    );
    expect(out).toMatch(
      /knowledge\/prompts\/project-charter\.yaml:\d+:7: error denied-source: source host www\.thoitrangredep\.vn is on knowledge\/denied-source-hosts\.txt/,
    );
    expect(out).toMatch(
      /knowledge\/flows\/qi-huddle\.yaml:\d+:\d+: error denied-source: source host localhost/,
    );
  });

  it('warns when an entry cites the page another entry is about', () => {
    const page = 'https://example.org/zebra-crossing-rules-guide';
    write('zebra-rules.md', entry('zebra-rules').replace('https://example.org/page', page));
    write(
      'pelican-lights.md',
      entry('pelican-lights')
        .replace('Zebra crossings and pelican-lights', 'Pelican lights')
        .replace(/zebra crossing/g, 'pelican light')
        .replace('tags: [test]', 'tags: [lights]')
        .replace('https://example.org/page', page),
    );
    expect(check()).toMatch(
      /pelican-lights\.md:\d+:1: warning source-of-another-topic: its source is the page about zebra-rules/,
    );
  });

  it('runs the signposting examples and names one that comes out wrong, or a pattern it cannot read', () => {
    const file = join(kb(), 'signposting.yaml');
    const yaml = readFileSync(file, 'utf8');
    writeFileSync(file, yaml.replace('    - "this deadline is killing me"', '    - "I want to end it all"'));
    expect(check()).toMatch(
      /signposting\.yaml:\d+:\d+: error signpost-example: "I want to end it all" should be neither but is urgent/,
    );
    writeFileSync(file, yaml.replace('      - "chest pain*"', '      - "chest ... pain ..."'));
    expect(check()).toMatch(
      /signposting\.yaml:\d+:\d+: error bad-pattern: "chest \.\.\. pain \.\.\." ends with/,
    );
  });

  it('scores plain English above hard text', () => {
    expect(fleschReadingEase('The cat sat on the mat. It was warm.')).toBeGreaterThan(80);
    expect(
      fleschReadingEase('Institutional operationalisation necessitates comprehensive considerations.'),
    ).toBeLessThan(0);
  });

  it('the command prints path:line:col lines and exits 1 on an error, 0 otherwise', async () => {
    write('zebra-five.md', entry('zebra-five').replace('owner: Test team\n', ''));
    const failing = await runKbCheck();
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(
      /^knowledge\/entries\/zebra-five\.md:2:1: error missing-field: missing field "owner" \(fix: .+\)$/m,
    );
    rmSync(join(kb(), 'entries', 'zebra-five.md'));
    const passing = await runKbCheck();
    expect(passing.code).toBe(0);
    expect(passing.stdout).toMatch(/0 error\(s\)/);
  });
});
