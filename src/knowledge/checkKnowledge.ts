import { normaliseText } from '../search/normalise';
import { buildSearchIndex } from '../search/searchIndex';
import { isDraft, type KnowledgeEntry } from './entry';
import { type FileProblem, readKnowledge } from './loadKnowledge';
import { wordCount } from './parseEntry';
import { fleschReadingEase, MIN_READING_EASE } from './readability';
import { DENIED_SOURCE_FIX, deniedSource, deniedSourceHosts, deniedYamlSources } from './sourceHosts';

export const MAX_BODY_WORDS = 400;
export const STALE_AFTER_MONTHS = 12;

export interface CheckOptions {
  /** Today's date, injected so stale-review warnings are testable. */
  today: Date;
  /** For a deployment that requires sign-off: every draft (not yet reviewed by its owner) is an error. */
  strict?: boolean;
}

export interface KnowledgeReport {
  problems: FileProblem[];
  /** Entries that loaded. */
  entries: number;
  /** Of those, the drafts: no named sign-off (reviewed + reviewedBy) yet. */
  drafts: KnowledgeEntry[];
}

/**
 * Everything kb:check reports: the loader's errors, then checks that need every entry at once
 * (shared questions, self-retrieval through the real search) and warnings an editor should see.
 */
export function checkKnowledge(dir: string, projectRoot: string, options: CheckOptions): FileProblem[] {
  return checkKnowledgeReport(dir, projectRoot, options).problems;
}

/** checkKnowledge, with how many entries loaded and which are drafts, for kb:check's summary. */
export function checkKnowledgeReport(
  dir: string,
  projectRoot: string,
  options: CheckOptions,
): KnowledgeReport {
  const loaded = readKnowledge(dir, projectRoot);
  const problems: FileProblem[] = [...loaded.problems];
  const { entries, positions } = loaded;
  const lineOf = (entry: KnowledgeEntry, field: string): number =>
    positions.get(entry)?.field(field).line ?? 2;
  const questionLine = (entry: KnowledgeEntry, i: number): number =>
    positions.get(entry)?.questions[i] ?? lineOf(entry, 'questions');
  const add = (
    entry: KnowledgeEntry,
    line: number,
    severity: FileProblem['severity'],
    code: string,
    message: string,
    fix: string,
  ): void => {
    problems.push({ file: entry.file, line, col: 1, severity, code, message, fix });
  };

  // Two entries sharing a question (after normalising case and punctuation) make the bot's choice arbitrary.
  const owners = new Map<string, { entry: KnowledgeEntry; index: number }>();
  for (const entry of entries)
    entry.questions.forEach((question, index) => {
      const key = normaliseText(question);
      const first = owners.get(key);
      if (!first) owners.set(key, { entry, index });
      else if (first.entry !== entry)
        add(
          entry,
          questionLine(entry, index),
          'error',
          'shared-question',
          `"${question}" is also a question of ${first.entry.id} (${first.entry.file}:${questionLine(first.entry, first.index)})`,
          'keep it in the entry that answers it best and reword or remove the other',
        );
    });

  // Self-retrieval: every alternative question must reach its own entry through the real search.
  const index = buildSearchIndex(entries, loaded);
  for (const entry of entries)
    entry.questions.forEach((question, i) => {
      const { decision, results } = index.search(question);
      if (decision === 'answer' && results[0]?.entry === entry) return;
      const other = results.find((r) => r.entry !== entry)?.entry;
      const what =
        decision === 'answer'
          ? `answers ${results[0].entry.id} instead of ${entry.id}`
          : decision === 'suggest'
            ? `only gets "Did you mean" between ${results.map((r) => r.entry.id).join(', ')}`
            : `finds nothing (decision none) for ${entry.id}`;
      add(
        entry,
        questionLine(entry, i),
        'error',
        'self-retrieval',
        `"${question}" ${what}`,
        other
          ? `make it more specific to ${entry.id}, or move it to ${other.id} if it belongs there (npm run ask -- "${question}")`
          : `reword it with the words partners use (npm run ask -- "${question}")`,
      );
    });

  // Sources must be the publisher's own page: not a staging or test server, and not a copy kept
  // by another site (knowledge/denied-source-hosts.txt lists the copies found so far).
  const denied = deniedSourceHosts(dir);
  for (const entry of entries) {
    const message = deniedSource(entry.source.url, denied);
    if (message) add(entry, lineOf(entry, 'source'), 'error', 'denied-source', message, DENIED_SOURCE_FIX);
  }
  problems.push(...deniedYamlSources(dir, projectRoot, denied));

  // An entry citing the page another entry is about (qi-tools citing the fishbone page) usually
  // took the wrong link: warn when exactly two entries share a page whose address names only the
  // other one and the two share no specific tag. Hub pages that many entries cite (the Marmot
  // Eight) are left alone.
  const tagCount = new Map<string, number>();
  for (const entry of entries) for (const t of entry.tags) tagCount.set(t, (tagCount.get(t) ?? 0) + 1);
  // A tag most entries of a subject carry ("qi", "marmot") says nothing about a shared page.
  const sharesRareTag = (a: KnowledgeEntry, b: KnowledgeEntry) =>
    a.tags.some((t) => b.tags.includes(t) && (tagCount.get(t) ?? 0) <= entries.length * 0.05);
  const bySource = new Map<string, KnowledgeEntry[]>();
  for (const entry of entries)
    bySource.set(entry.source.url, [...(bySource.get(entry.source.url) ?? []), entry]);
  for (const pair of bySource.values()) {
    if (pair.length !== 2) continue;
    const slug = new Set(topicWords(decodeURIComponent(pathOf(pair[0].source.url))));
    const named = pair.map((e) => topicWords(`${e.id} ${e.title}`).filter((w) => slug.has(w)).length);
    pair.forEach((entry, i) => {
      const other = pair[1 - i];
      if (named[i] === 0 && named[1 - i] >= 2 && !sharesRareTag(entry, other))
        add(
          entry,
          lineOf(entry, 'source'),
          'warning',
          'source-of-another-topic',
          `its source is the page about ${other.id} (${other.file}), which cites it too`,
          `cite the page about ${entry.id}'s own topic`,
        );
    });
  }

  const staleBefore = new Date(options.today);
  staleBefore.setUTCMonth(staleBefore.getUTCMonth() - STALE_AFTER_MONTHS);
  for (const entry of entries) {
    const checked = entry.reviewed ?? entry.written;
    if (Date.parse(checked) < staleBefore.getTime())
      add(
        entry,
        lineOf(entry, entry.reviewed ? 'reviewed' : 'written'),
        'warning',
        'stale-review',
        `last ${entry.reviewed ? 'reviewed' : 'checked against its source'} ${checked}, more than ${STALE_AFTER_MONTHS} months ago`,
        entry.reviewed
          ? 'ask the owner to review it again and update "reviewed"'
          : 'check the entry against its source and update "written"',
      );
    const ease = fleschReadingEase(entry.summary);
    if (ease < MIN_READING_EASE)
      add(
        entry,
        lineOf(entry, 'summary'),
        'warning',
        'hard-summary',
        `summary reading ease ${ease.toFixed(0)} is under ${MIN_READING_EASE}`,
        'use shorter sentences and everyday words',
      );
    const bodyWords = wordCount(entry.body);
    if (bodyWords > MAX_BODY_WORDS)
      add(
        entry,
        positions.get(entry)?.body ?? 1,
        'warning',
        'long-body',
        `body has ${bodyWords} words (over ${MAX_BODY_WORDS})`,
        'cut it down, or split it into two entries',
      );
  }
  const drafts = entries.filter(isDraft);
  if (options.strict)
    for (const entry of drafts)
      add(
        entry,
        lineOf(entry, 'written'),
        'error',
        'draft',
        `not yet signed off: awaiting review by its owner, ${entry.owner}`,
        'the owner\'s named reviewer checks it against its source, then adds "reviewed: YYYY-MM-DD" and "reviewedBy: <name>, <role>"',
      );
  return {
    problems: problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
    entries: entries.length,
    drafts,
  };
}

const TOPIC_STOP = new Set([
  'the',
  'and',
  'for',
  'with',
  'what',
  'how',
  'are',
  'its',
  'our',
  'your',
  'from',
  'into',
  'about',
  'that',
  'this',
  'who',
  'why',
  'when',
  'use',
  'which',
  'one',
]);

/** Words of 3 letters or more that say what a page or entry is about. */
const topicWords = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 2 && !TOPIC_STOP.has(w));

const pathOf = (url: string): string => {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
};
