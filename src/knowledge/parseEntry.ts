import { isMap, type YAMLMap } from 'yaml';
import { parseYaml } from './contentFile';
import type { KnowledgeEntry } from './entry';
import { ID_PATTERN, isHttpUrl } from './formats';
import type { EntryProblem } from './problems';

export const MAX_SUMMARY_WORDS = 60;
export const MIN_QUESTIONS = 3;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export type { EntryProblem } from './problems';

/** Where things are in the file, so later checks can point an editor at the exact line. */
export interface EntryPositions {
  field: (name: string) => { line: number; col: number };
  /** Line of each alternative question, in order. */
  questions: number[];
  body: number;
}

export interface ParsedEntry {
  entry?: KnowledgeEntry;
  positions?: EntryPositions;
  problems: EntryProblem[];
}

export const wordCount = (text: string): number => text.split(/\s+/).filter((w) => w !== '').length;

/**
 * Parses one entry file and reports every problem with its line and column, so a content editor
 * sees all faults of a file in one pass rather than one per restart.
 */
export function parseEntry(file: string, fileText: string): ParsedEntry {
  const problems: EntryProblem[] = [];
  const problem = (line: number, col: number, code: string, message: string, fix: string): void => {
    problems.push({ line, col, code, message, fix });
  };
  const text = fileText.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const match = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
  if (!match) {
    problem(
      1,
      1,
      'front-matter',
      'no front matter',
      'start the file with a line "---", the fields, then "---"',
    );
    return { problems };
  }
  const yamlText = match[1];
  const body = match[2].trim();
  const bodyLine = yamlText.split('\n').length + 3;
  // Front matter starts on line 2 of the file.
  const { doc, lines: lineCounter, errors } = parseYaml(yamlText, 1);
  const at = (offset: number | undefined): { line: number; col: number } => {
    if (offset === undefined) return { line: 1, col: 1 };
    const pos = lineCounter.linePos(offset);
    return { line: pos.line + 1, col: pos.col };
  };
  problems.push(...errors);
  if (errors.length > 0) return { problems };
  if (!isMap(doc.contents)) {
    problem(2, 1, 'front-matter', 'front matter is not a set of fields', 'write one "name: value" per line');
    return { problems };
  }
  const map = doc.contents as YAMLMap;
  const fieldPos = (name: string): { line: number; col: number } => {
    const pair = map.items.find((p) => (p.key as { value?: unknown })?.value === name);
    const node = pair?.key as { range?: [number, number, number] } | undefined;
    return node?.range ? at(node.range[0]) : { line: 2, col: 1 };
  };
  const data = doc.toJS() as Record<string, unknown>;
  const missing = (name: string, fix: string): void => {
    problem(2, 1, 'missing-field', `missing field "${name}"`, fix);
  };
  const str = (name: string, fix: string): string => {
    const value = data[name];
    if (value === undefined || value === null || value === '') {
      missing(name, fix);
      return '';
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      const pos = fieldPos(name);
      problem(pos.line, pos.col, 'invalid-field', `"${name}" must be text`, fix);
      return '';
    }
    return String(value).trim();
  };
  const list = (name: string, required: boolean, fix: string): string[] => {
    const value = data[name];
    if (value === undefined || value === null) {
      if (required) missing(name, fix);
      return [];
    }
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '')) {
      const pos = fieldPos(name);
      problem(pos.line, pos.col, 'invalid-field', `"${name}" must be a list of text items`, fix);
      return [];
    }
    return value.map((v: string) => v.trim());
  };

  const id = str('id', 'add "id: kebab-case-id" matching the file name');
  if (id !== '' && !ID_PATTERN.test(id)) {
    const pos = fieldPos('id');
    problem(
      pos.line,
      pos.col,
      'invalid-id',
      `id "${id}" is not kebab-case`,
      'use lower-case words joined by hyphens',
    );
  }
  const aliases = list('aliases', false, 'list earlier ids, one per line starting "  - "');
  for (const alias of aliases)
    if (!ID_PATTERN.test(alias)) {
      const pos = fieldPos('aliases');
      problem(
        pos.line,
        pos.col,
        'invalid-id',
        `alias "${alias}" is not kebab-case`,
        'use lower-case words joined by hyphens',
      );
    }
  const title = str('title', 'add "title: ..." with a short title');
  const questions = list('questions', true, `add "questions:" with at least ${MIN_QUESTIONS} phrasings`);
  if (data.questions !== undefined && questions.length > 0 && questions.length < MIN_QUESTIONS) {
    const pos = fieldPos('questions');
    problem(
      pos.line,
      pos.col,
      'few-questions',
      `only ${questions.length} alternative question(s)`,
      `add phrasings until there are at least ${MIN_QUESTIONS}`,
    );
  }
  const tags = list('tags', true, 'add "tags: [word, word]"');
  let principle: number | null = null;
  const rawPrinciple = data.principle;
  if (rawPrinciple === undefined || rawPrinciple === null)
    missing('principle', 'add "principle: none" or a number 1-8');
  else if (String(rawPrinciple).trim().toLowerCase() !== 'none') {
    const n = Number(rawPrinciple);
    if (Number.isInteger(n) && n >= 1 && n <= 8) principle = n;
    else {
      const pos = fieldPos('principle');
      problem(
        pos.line,
        pos.col,
        'invalid-field',
        `principle "${rawPrinciple}" is not 1-8 or none`,
        'use a number 1-8 or none',
      );
    }
  }
  const summary = str('summary', 'add "summary: >-" with one to three sentences');
  if (wordCount(summary) > MAX_SUMMARY_WORDS) {
    const pos = fieldPos('summary');
    problem(
      pos.line,
      pos.col,
      'long-summary',
      `summary has ${wordCount(summary)} words (at most ${MAX_SUMMARY_WORDS})`,
      'shorten it; detail belongs in the body',
    );
  }
  const source = { title: '', url: '' };
  const rawSource = data.source;
  if (rawSource === undefined || rawSource === null)
    missing('source', 'add "source:" with "title:" and "url:" below it');
  else if (typeof rawSource !== 'object' || Array.isArray(rawSource)) {
    const pos = fieldPos('source');
    problem(
      pos.line,
      pos.col,
      'invalid-field',
      '"source" must have title and url',
      'add "title:" and "url:" under it',
    );
  } else {
    const s = rawSource as Record<string, unknown>;
    const pos = fieldPos('source');
    source.title = typeof s.title === 'string' ? s.title.trim() : '';
    source.url = typeof s.url === 'string' ? s.url.trim() : '';
    if (source.title === '')
      problem(pos.line, pos.col, 'missing-field', 'missing field "source.title"', 'name the source');
    if (!isHttpUrl(source.url))
      problem(
        pos.line,
        pos.col,
        'bad-url',
        `source.url "${source.url}" is not an http(s) address`,
        'give the full https:// address',
      );
  }
  const owner = str('owner', 'add "owner: ..." naming the team that keeps this entry');
  const date = (name: string, value: string): void => {
    if (value !== '' && !(ISO_DATE.test(value) && !Number.isNaN(Date.parse(value)))) {
      const pos = fieldPos(name);
      problem(
        pos.line,
        pos.col,
        'invalid-date',
        `${name} "${value}" is not a date`,
        'write it as YYYY-MM-DD',
      );
    }
  };
  const written = str(
    'written',
    'add "written: YYYY-MM-DD", the date it was written or last checked against its source',
  );
  date('written', written);
  const optional = (name: string, fix: string): string =>
    data[name] === undefined || data[name] === null || data[name] === '' ? '' : str(name, fix);
  const reviewed = optional('reviewed', 'write the sign-off date as "reviewed: YYYY-MM-DD"');
  date('reviewed', reviewed);
  const reviewedBy = optional(
    'reviewedBy',
    'write "reviewedBy: <name>, <role>" of the person who signed it off',
  );
  if ((reviewed === '') !== (reviewedBy === '')) {
    const [has, lacks] = reviewed === '' ? ['reviewedBy', 'reviewed'] : ['reviewed', 'reviewedBy'];
    const pos = fieldPos(has);
    problem(
      pos.line,
      pos.col,
      'incomplete-review',
      `"${has}" is set but "${lacks}" is not`,
      'a sign-off needs both "reviewed: YYYY-MM-DD" and "reviewedBy: <name>, <role>", set by the reviewer',
    );
  }
  const related = list('related', false, 'list related entry ids, one per line starting "  - "');
  if (body === '')
    problem(
      bodyLine,
      1,
      'empty-body',
      'the answer body is empty',
      'write the full answer below the second ---',
    );

  if (problems.length > 0) return { problems };
  const questionsNode = map.get('questions', true) as
    | { items?: { range?: [number, number, number] }[] }
    | undefined;
  const positions: EntryPositions = {
    field: fieldPos,
    questions: questions.map((_q, i) => {
      const range = questionsNode?.items?.[i]?.range;
      return range ? at(range[0]).line : fieldPos('questions').line;
    }),
    body: bodyLine,
  };
  return {
    problems,
    positions,
    entry: {
      id,
      aliases,
      title,
      questions,
      tags: tags.map((t) => t.toLowerCase()),
      principle,
      summary,
      source,
      owner,
      written,
      ...(reviewed !== '' && reviewedBy !== '' ? { reviewed, reviewedBy } : {}),
      related,
      body,
      file,
    },
  };
}
