import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { AskChoice } from '../cards/cardTypes';
import { ContentError } from '../errors';
import { buildSearchIndex, type SearchIndex } from '../search/searchIndex';
import { examplesByEntry, readTrainingQuestions, type TrainingQuestion } from '../search/trainingQuestions';
import type { KnowledgeEntry } from './entry';
import { type Guidance, readGuidance } from './loadGuidance';
import { type EntryPositions, type EntryProblem, parseEntry } from './parseEntry';
import { readSignposting } from './readSignposting';
import type { Signposter } from './signposting';

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
}

export interface FileProblem extends EntryProblem {
  file: string;
  severity: 'error' | 'warning';
}

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

export const formatProblem = (p: FileProblem): string =>
  `${p.file}:${p.line}:${p.col}: ${p.severity} ${p.code}: ${p.message} (fix: ${p.fix})`;

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

/** Reads a YAML content file; a syntax error becomes a problem with its line. */
function readYaml(file: string, display: string, problems: FileProblem[]): unknown {
  try {
    return parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    const linePos = (err as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    problems.push({
      file: display,
      line: linePos?.line ?? 1,
      col: linePos?.col ?? 1,
      severity: 'error',
      code: 'yaml',
      message: err instanceof Error ? err.message.split('\n')[0] : 'unreadable YAML',
      fix: 'fix the YAML syntax',
    });
    return undefined;
  }
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

  const synonymsFile = join(dir, 'synonyms.yaml');
  const synonyms: string[][] = [];
  const rawSynonyms = readYaml(synonymsFile, display(synonymsFile), problems) as
    | { groups?: unknown }
    | undefined;
  if (rawSynonyms !== undefined) {
    const groups = rawSynonyms?.groups;
    if (
      !Array.isArray(groups) ||
      groups.some((g) => !Array.isArray(g) || g.length < 2 || g.some((p) => typeof p !== 'string'))
    )
      error(
        display(synonymsFile),
        1,
        'synonyms',
        '"groups" must be a list of lists of two or more phrases',
        'see the comment at the top of the file',
      );
    else synonyms.push(...(groups as string[][]));
  }

  const helpFile = join(dir, 'help.yaml');
  const helpExamples: AskChoice[] = [];
  const rawHelp = readYaml(helpFile, display(helpFile), problems) as { examples?: unknown } | undefined;
  if (rawHelp !== undefined) {
    const examples = rawHelp?.examples;
    if (!Array.isArray(examples) || examples.length === 0)
      error(
        display(helpFile),
        1,
        'help',
        '"examples" must list at least one {id, question}',
        'see the comment at the top of the file',
      );
    else
      for (const ex of examples as { id?: unknown; question?: unknown }[]) {
        if (typeof ex?.id !== 'string' || typeof ex?.question !== 'string' || !byId.has(ex.id))
          error(
            display(helpFile),
            1,
            'help',
            `example ${JSON.stringify(ex)} needs an existing entry id and a question`,
            'use an id from knowledge/entries',
          );
        else helpExamples.push({ id: byId.get(ex.id)!.id, question: ex.question });
      }
  }

  const signposter = readSignposting(dir, display, problems);

  const guidance = readGuidance(dir, display, byId, problems);
  const { questions: training, problems: trainingProblems } = readTrainingQuestions(
    join(dir, 'training'),
    projectRoot,
    new Set(byId.keys()),
  );
  problems.push(...trainingProblems);
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
      index: buildSearchIndex(entries, { synonyms, examples, offTopic }),
      signposter,
      helpExamples,
      guidance,
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
