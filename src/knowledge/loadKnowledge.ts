import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AskChoice } from '../cards/cardTypes';
import { readDigestPrinciples } from '../digest/readDigestContent';
import { ContentError } from '../errors';
import type { Flow } from '../meetings/flows';
import { readFlows } from '../meetings/readFlows';
import { buildChitChat } from '../search/chitChat';
import { buildSearchIndex, type SearchIndex } from '../search/searchIndex';
import { examplesByEntry, readTrainingQuestions, type TrainingQuestion } from '../search/trainingQuestions';
import { readSignposting } from '../signposting/readSignposting';
import type { Signposter } from '../signposting/signposting';
import type { KnowledgeEntry } from './entry';
import { type Guidance, readGuidance } from './loadGuidance';
import { type EntryPositions, parseEntry } from './parseEntry';
import { type FileProblem, formatProblem } from './problems';
import { readChitChat } from './readChitChat';
import { readHelpExamples } from './readHelpExamples';
import { readSynonyms } from './readSynonyms';

/** knowledge/training: the search's practice and off-topic questions. */
const TRAINING_FOLDER = 'training';

export interface Knowledge {
  entries: readonly KnowledgeEntry[];
  /** By id and by alias. */
  byId: ReadonlyMap<string, KnowledgeEntry>;
  /** 12-hex hash of every file under knowledge/: changes whenever content changes. */
  version: string;
  index: SearchIndex;
  signposter: Signposter;
  helpExamples: readonly AskChoice[];
  /** QI prompts, framing tips and the framing coach. */
  guidance: Guidance;
  /** The entries the digest's "principle of the week" rotates through (knowledge/digest.yaml). */
  digestPrinciples: readonly KnowledgeEntry[];
  /** The facilitation flows a chair can run in a meeting (knowledge/flows/<id>.yaml). */
  flows: readonly Flow[];
}

export type { FileProblem } from './problems';
export { formatProblem } from './problems';

/** Everything wrong with the knowledge folder, for kb:check and for the start-up error. */
export class KnowledgeLoadError extends ContentError {
  constructor(readonly problems: readonly FileProblem[]) {
    super(
      problems[0]?.file ?? 'knowledge',
      problems[0]?.line ?? 1,
      `${problems.length} problem(s) in the knowledge:\n${problems.map(formatProblem).join('\n')}`,
    );
  }
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}

export function knowledgeVersion(dir: string): string {
  const hash = createHash('sha256');
  for (const file of listFiles(dir)) {
    hash.update(relative(dir, file).split('\\').join('/'));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

export interface LoadResult {
  knowledge?: Knowledge;
  problems: FileProblem[];
  /** Every entry that parsed, even when other files failed, with where its parts are. */
  entries: KnowledgeEntry[];
  positions: Map<KnowledgeEntry, EntryPositions>;
  synonyms: string[][];
  /** Every valid line of knowledge/training/*.jsonl, practice and off-topic, with its file. */
  training: TrainingQuestion[];
  /** The practice questions among them, by the id of the entry that answers them. */
  examples: Map<string, string[]>;
  /** The off-topic questions among them (expected "none"). */
  offTopic: string[];
}

/**
 * Loads and validates knowledge/: entries, synonyms, help examples, signposting, and the QI prompts,
 * framing tips and coach rules (loadGuidance.ts). Collects every problem; the caller decides whether
 * to stop (start-up) or report them all (kb:check).
 */
export function readKnowledge(dir: string, projectRoot = join(dir, '..')): LoadResult {
  const problems: FileProblem[] = [];
  const display = (file: string): string => relative(projectRoot, file).split('\\').join('/');
  const error = (file: string, line: number, code: string, message: string, fix: string): void => {
    problems.push({ file, line, col: 1, severity: 'error', code, message, fix });
  };

  const entriesDir = join(dir, 'entries');
  const entries: KnowledgeEntry[] = [];
  const positions = new Map<KnowledgeEntry, EntryPositions>();
  let files: string[] = [];
  try {
    files = listFiles(entriesDir).filter((f) => f.endsWith('.md'));
  } catch {
    error(
      display(entriesDir),
      1,
      'missing-folder',
      'no entries folder',
      'create knowledge/entries/ with one .md file per entry',
    );
  }
  for (const file of files) {
    const shown = display(file);
    const parsed = parseEntry(shown, readFileSync(file, 'utf8'));
    for (const p of parsed.problems) problems.push({ ...p, file: shown, severity: 'error' });
    if (!parsed.entry) continue;
    const expected = file.split(/[\\/]/).pop()?.replace(/\.md$/, '');
    if (parsed.entry.id !== expected)
      error(
        shown,
        2,
        'id-filename',
        `id "${parsed.entry.id}" differs from the file name`,
        `rename the file to ${parsed.entry.id}.md`,
      );
    entries.push(parsed.entry);
    if (parsed.positions) positions.set(parsed.entry, parsed.positions);
  }

  const byId = new Map<string, KnowledgeEntry>();
  const lineOf = (entry: KnowledgeEntry, field: string): number =>
    positions.get(entry)?.field(field).line ?? 2;
  for (const entry of entries)
    for (const id of [entry.id, ...entry.aliases]) {
      const other = byId.get(id);
      if (!other) byId.set(id, entry);
      else {
        const line = lineOf(entry, id === entry.id ? 'id' : 'aliases');
        const message = `id or alias "${id}" is also used by ${other.file}`;
        error(entry.file, line, 'duplicate-id', message, 'give every entry its own id');
      }
    }
  for (const entry of entries)
    for (const rel of entry.related) {
      const line = lineOf(entry, 'related');
      if (!byId.has(rel))
        error(
          entry.file,
          line,
          'unknown-related',
          `related id "${rel}" does not exist`,
          'use an existing id',
        );
      else if (byId.get(rel) === entry)
        error(entry.file, line, 'self-related', 'related to itself', 'remove its own id');
    }

  const synonyms = readSynonyms(dir, display, problems);
  const chitChat = buildChitChat(readChitChat(dir, display, problems));
  const helpExamples = readHelpExamples(dir, display, byId, problems);
  const digestPrinciples = readDigestPrinciples(dir, display, byId, problems);
  const flows = readFlows(dir, display, problems);

  const ids = new Set(byId.keys());
  const { questions: training, problems: trainingProblems } = readTrainingQuestions(
    join(dir, TRAINING_FOLDER),
    projectRoot,
    ids,
  );
  problems.push(...trainingProblems);
  // Signposting learns what ordinary questions look like from a folder of them: normally the
  // training folder just read, so it is read once. Another folder is read the same way; its bad
  // lines are left out but not reported, as they teach the search nothing.
  const signposter = readSignposting(
    dir,
    display,
    problems,
    (folder) => {
      if (folder === TRAINING_FOLDER) return training.map((q) => q.question);
      const other = join(dir, folder);
      if (!statSync(other, { throwIfNoEntry: false })?.isDirectory()) return undefined;
      return readTrainingQuestions(other, projectRoot, ids).questions.map((q) => q.question);
    },
    (text) => chitChat.kindOf(text) !== undefined,
  );

  const guidance = readGuidance(dir, display, byId, problems);
  const examples = examplesByEntry(training);
  const offTopic = training.filter((q) => q.expected === 'none').map((q) => q.question);

  if (problems.some((p) => p.severity === 'error') || !signposter || !guidance)
    return { problems, entries, positions, synonyms, training, examples, offTopic };
  return {
    problems,
    entries,
    positions,
    synonyms,
    training,
    examples,
    offTopic,
    knowledge: {
      entries,
      byId,
      version: knowledgeVersion(dir),
      index: buildSearchIndex(entries, { synonyms, examples, offTopic, chitChat }),
      signposter,
      helpExamples,
      guidance,
      digestPrinciples,
      flows,
    },
  };
}

/** Start-up loader: any error stops the service with every file and line named. */
export function loadKnowledge(dir: string, projectRoot?: string): Knowledge {
  const result = readKnowledge(dir, projectRoot);
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (!result.knowledge || errors.length > 0) throw new KnowledgeLoadError(errors);
  return result.knowledge;
}
