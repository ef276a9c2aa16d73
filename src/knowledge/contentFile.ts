import { readFileSync } from 'node:fs';
import { type Document, isCollection, LineCounter, parseDocument } from 'yaml';
import type { EntryProblem, FileProblem } from './problems';

export type YamlPath = readonly (string | number)[];

/** Where a `sources:` key or `source:` field points. */
export interface SourceRef {
  title: string;
  url: string;
}

/**
 * Parses YAML text keeping every node's position. The parser's own errors come back as problems at
 * their line (`lineOffset` lines below the text's first line, for front matter): the one place a
 * YAML syntax error is turned into a problem.
 */
export function parseYaml(
  text: string,
  lineOffset = 0,
): { doc: Document; lines: LineCounter; errors: EntryProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const errors = doc.errors.map((err) => {
    const pos = lines.linePos(err.pos[0]);
    return {
      line: pos.line + lineOffset,
      col: pos.col,
      code: 'yaml',
      message: err.message.split('\n')[0],
      fix: 'fix the YAML syntax (indentation, quotes, colons)',
    };
  });
  return { doc, lines, errors };
}

/**
 * One YAML content file read for validation: values by path, and the line of any value so every
 * problem names the file and line an editor has to open. Its shape is checked by a zod schema
 * through schemaCheck.ts; checks between values report here with `error`.
 */
export class ContentFile {
  private constructor(
    readonly display: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly problems: FileProblem[],
  ) {}

  /** Reads and parses a file; a syntax error becomes a problem and the result is undefined. */
  static read(path: string, display: string, problems: FileProblem[]): ContentFile | undefined {
    let text: string;
    try {
      text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
    } catch {
      problems.push({
        file: display,
        line: 1,
        col: 1,
        severity: 'error',
        code: 'missing-file',
        message: 'the file is missing',
        fix: 'restore it from the project (git checkout) or create it',
      });
      return undefined;
    }
    return ContentFile.parse(text, display, problems);
  }

  static parse(text: string, display: string, problems: FileProblem[]): ContentFile | undefined {
    const { doc, lines, errors } = parseYaml(text);
    for (const err of errors) problems.push({ ...err, file: display, severity: 'error' });
    return errors.length > 0 ? undefined : new ContentFile(display, doc, lines, problems);
  }

  /** The plain value at a path (undefined when absent). */
  get(path: YamlPath): unknown {
    const value = this.doc.getIn(path);
    return isCollection(value) ? value.toJSON() : value;
  }

  /**
   * How many items the list at a path has (0 when it is not a list). Items are checked one by one
   * with this, so they are checked even when the rest of the file has faults.
   */
  itemCount(path: YamlPath): number {
    const value = this.get(path);
    return Array.isArray(value) ? value.length : 0;
  }

  /** Line and column of the value at a path, or of its nearest existing parent. */
  at(path: YamlPath): { line: number; col: number } {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.doc.getIn(path.slice(0, depth), true) as
        | { range?: [number, number, number] }
        | undefined;
      if (node?.range) return this.lines.linePos(node.range[0]);
      if (depth === 0) break;
    }
    return { line: 1, col: 1 };
  }

  error(path: YamlPath, code: string, message: string, fix: string): void {
    const { line, col } = this.at(path);
    this.problems.push({ file: this.display, line, col, severity: 'error', code, message, fix });
  }
}
