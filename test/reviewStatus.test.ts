import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDraft } from '../src/knowledge/entry';
import { parseEntry } from '../src/knowledge/parseEntry';
import { message } from './helpers/activities';
import { ROOT, run } from './helpers/process';
import { cardOf, repliesOf, startTestServer, textOf } from './helpers/testServer';

/** An entry file; `review` is inserted after the written line (line 15), so it starts on line 16. */
const entryText = (review = '') => `---
id: zebra-review
title: Zebra crossings
questions:
  - zebra crossing rules
  - when to use a zebra crossing
  - zebra crossing safety
tags: [test]
principle: none
summary: A short summary.
source:
  title: Somewhere
  url: https://example.org/page
owner: Test team
written: 2026-11-25
${review}---
The body.
`;

describe('review status in the front matter', () => {
  it('an entry with a written date and no sign-off is a draft', () => {
    const { entry, problems } = parseEntry('zebra-review.md', entryText());
    expect(problems).toEqual([]);
    expect(entry).toMatchObject({ owner: 'Test team', written: '2026-11-25' });
    expect(entry?.reviewed).toBeUndefined();
    expect(entry?.reviewedBy).toBeUndefined();
    expect(isDraft(entry!)).toBe(true);
  });

  it('an entry with reviewed and reviewedBy is reviewed', () => {
    const { entry, problems } = parseEntry(
      'zebra-review.md',
      entryText('reviewed: 2026-12-02\nreviewedBy: Dr A Smith, Consultant in Public Health\n'),
    );
    expect(problems).toEqual([]);
    expect(entry).toMatchObject({
      written: '2026-11-25',
      reviewed: '2026-12-02',
      reviewedBy: 'Dr A Smith, Consultant in Public Health',
    });
    expect(isDraft(entry!)).toBe(false);
  });

  it('reviewed without reviewedBy is an error on the reviewed line, and no entry loads', () => {
    const { entry, problems } = parseEntry('zebra-review.md', entryText('reviewed: 2026-12-02\n'));
    expect(entry).toBeUndefined();
    expect(problems).toEqual([
      expect.objectContaining({
        line: 16,
        col: 1,
        code: 'incomplete-review',
        message: '"reviewed" is set but "reviewedBy" is not',
      }),
    ]);
  });

  it('reviewedBy without reviewed is an error on the reviewedBy line', () => {
    const { problems } = parseEntry('zebra-review.md', entryText('reviewedBy: Dr A Smith\n'));
    expect(problems).toEqual([
      expect.objectContaining({
        line: 16,
        code: 'incomplete-review',
        message: '"reviewedBy" is set but "reviewed" is not',
      }),
    ]);
  });

  it('a missing written date and a reviewed that is not a date are errors', () => {
    const noWritten = parseEntry('zebra-review.md', entryText().replace('written: 2026-11-25\n', ''));
    expect(noWritten.problems).toEqual([
      expect.objectContaining({ line: 2, code: 'missing-field', message: 'missing field "written"' }),
    ]);
    const badDate = parseEntry('zebra-review.md', entryText('reviewed: last week\nreviewedBy: Dr A Smith\n'));
    expect(badDate.problems).toEqual([
      expect.objectContaining({
        line: 16,
        code: 'invalid-date',
        message: 'reviewed "last week" is not a date',
      }),
    ]);
  });
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'review-status-'));
  cpSync(join(ROOT, 'knowledge'), join(dir, 'knowledge'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const entriesDir = () => join(dir, 'knowledge', 'entries');
/** Signs an entry off in the temporary copy, as its reviewer would: both fields under "written". */
const signOff = (
  id: string,
  reviewed = '2026-12-02',
  reviewedBy = 'Dr A Smith, Consultant in Public Health',
) => {
  const file = join(entriesDir(), `${id}.md`);
  const text = readFileSync(file, 'utf8');
  const signed = text.replace(/^(written: .*\n)/m, `$1reviewed: ${reviewed}\nreviewedBy: ${reviewedBy}\n`);
  if (signed === text) throw new Error(`${id} has no written line`);
  writeFileSync(file, signed);
};

describe('the answer card shows the review status', () => {
  async function answerText(question: string): Promise<string> {
    const server = await startTestServer({}, { knowledgeDir: join(dir, 'knowledge') });
    try {
      const res = await server.post('/api/messages', message(question));
      expect(res.status).toBe(200);
      const replies = repliesOf(res.json);
      expect(replies).toHaveLength(1);
      expect(replies[0].summary).toBe('Answer: Proportionate universalism');
      return textOf(cardOf(replies[0]));
    } finally {
      await server.stop();
    }
  }

  it('a draft says it was written from its source and awaits review by its owner', async () => {
    const text = await answerText('what is proportionate universalism');
    expect(text).toMatch(
      /^Draft: written from its source in [A-Z][a-z]+ \d{4}, awaiting review by Luton Public Health team$/m,
    );
    expect(text).not.toMatch(/Reviewed/);
  });

  it('a reviewed entry says who reviewed it and when, and the owner', async () => {
    signOff('proportionate-universalism');
    const text = await answerText('what is proportionate universalism');
    expect(text).toMatch(
      /^Reviewed December 2026 by Dr A Smith, Consultant in Public Health · Luton Public Health team$/m,
    );
    expect(text).not.toMatch(/Draft|awaiting review/);
  });
});

describe('kb:check --strict', () => {
  const runKbCheck = (...args: string[]) =>
    run(process.execPath, [
      join('dist', 'src', 'tools', 'kbCheck.js'),
      '--knowledge',
      join(dir, 'knowledge'),
      '--today',
      '2026-11-25',
      ...args,
    ]);
  const ids = () =>
    readdirSync(entriesDir())
      .filter((f) => f.endsWith('.md'))
      .map((f) => f.replace(/\.md$/, ''));
  const lineOf = (id: string, prefix: string) =>
    readFileSync(join(entriesDir(), `${id}.md`), 'utf8')
      .split('\n')
      .findIndex((l) => l.startsWith(prefix)) + 1;

  it('counts drafts without failing, and with --strict fails naming each draft', async () => {
    const total = ids().length;
    for (const id of ids().filter((id) => id !== 'run-chart')) signOff(id);

    const lenient = await runKbCheck();
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(
      new RegExp(`^1 of ${total} entries is a draft awaiting review by their owner`, 'm'),
    );
    expect(lenient.stdout).not.toMatch(/error draft/);

    const strict = await runKbCheck('--strict');
    expect(strict.code).toBe(1);
    expect(strict.stdout.match(/error draft:/g)).toHaveLength(1);
    expect(strict.stdout).toMatch(
      new RegExp(
        `^knowledge/entries/run-chart\\.md:${lineOf('run-chart', 'written:')}:1: error draft: not yet signed off: awaiting review by its owner, .+ \\(fix: .+reviewedBy.+\\)$`,
        'm',
      ),
    );
    expect(strict.stdout).toMatch(/^1 error\(s\)/m);
  }, 60_000);

  it('passes --strict once every entry is reviewed', async () => {
    for (const id of ids()) signOff(id);
    const strict = await runKbCheck('--strict');
    expect(strict.stdout).toMatch(new RegExp(`^0 of ${ids().length} entries are drafts`, 'm'));
    expect(strict.stdout).toMatch(/^0 error\(s\)/m);
    expect(strict.code).toBe(0);
  }, 60_000);
});
