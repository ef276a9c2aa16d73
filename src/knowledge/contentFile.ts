import { readFileSync } from 'node:fs';
import { type Document, isCollection, LineCounter, parseDocument } from 'yaml';
import { ID_PATTERN, isHttpUrl } from './formats';
import type { FileProblem } from './loadKnowledge';

export type YamlPath = readonly (string | number)[];

/** Where a `sources:` key or `source:` field points. */
export interface SourceRef {
  title: string;
  url: string;
}

/**
 * One YAML content file (prompts, tips, coach rules) read for validation: values by path, and the
 * line of any value so every problem names the file and line an editor has to open.
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
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const pos = lines.linePos(err.pos[0]);
        problems.push({
          file: display,
          line: pos.line,
          col: pos.col,
          severity: 'error',
          code: 'yaml',
          message: err.message.split('\n')[0],
          fix: 'fix the YAML syntax (indentation, quotes, colons)',
        });
      }
      return undefined;
    }
    return new ContentFile(display, doc, lines, problems);
  }

  /** The plain value at a path (undefined when absent). */
  get(path: YamlPath): unknown {
    const value = this.doc.getIn(path);
    return isCollection(value) ? value.toJSON() : value;
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

  /** Length of the list at a path; reports a problem when it is missing or not a list. */
  listLength(path: YamlPath, what: string, fix: string): number {
    const value = this.get(path);
    if (!Array.isArray(value)) {
      this.error(path, 'invalid-field', `"${path.join('.')}" must be a list of ${what}`, fix);
      return 0;
    }
    return value.length;
  }

  /** Required text, trimmed, with optional word and character limits. */
  text(path: YamlPath, options: { maxWords?: number; maxChars?: number; fix: string }): string {
    const value = this.get(path);
    const name = path.join('.');
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      this.error(path, 'missing-field', `missing field "${name}"`, options.fix);
      return '';
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      this.error(path, 'invalid-field', `"${name}" must be text`, options.fix);
      return '';
    }
    const text = String(value).trim().replace(/\s+/g, ' ');
    const words = text.split(' ').length;
    if (options.maxWords !== undefined && words > options.maxWords)
      this.error(
        path,
        'too-long',
        `"${name}" has ${words} words (at most ${options.maxWords})`,
        'shorten it: the card is read on a phone',
      );
    else if (options.maxChars !== undefined && text.length > options.maxChars)
      this.error(
        path,
        'too-long',
        `"${name}" has ${text.length} characters (at most ${options.maxChars})`,
        'shorten it: long titles are cut off in Teams',
      );
    return text;
  }

  /** Optional text: undefined when absent. */
  optionalText(path: YamlPath, fix: string): string | undefined {
    const value = this.get(path);
    if (value === undefined || value === null) return undefined;
    return this.text(path, { fix });
  }

  /** A list of non-empty text items; `required` lists must have at least one. */
  textList(path: YamlPath, options: { required: boolean; fix: string }): string[] {
    const value = this.get(path);
    const name = path.join('.');
    if (value === undefined || value === null) {
      if (options.required) this.error(path, 'missing-field', `missing field "${name}"`, options.fix);
      return [];
    }
    if (!Array.isArray(value) || value.length === 0) {
      this.error(path, 'invalid-field', `"${name}" must be a list of text items`, options.fix);
      return [];
    }
    const out: string[] = [];
    value.forEach((item, i) => {
      if ((typeof item !== 'string' && typeof item !== 'number') || String(item).trim() === '')
        this.error([...path, i], 'invalid-field', `item ${i + 1} of "${name}" must be text`, options.fix);
      else out.push(String(item).trim());
    });
    return out;
  }

  /** An id in kebab-case. */
  id(path: YamlPath, fix: string): string {
    const id = this.text(path, { fix });
    if (id !== '' && !ID_PATTERN.test(id)) {
      this.error(
        path,
        'invalid-id',
        `id "${id}" is not kebab-case`,
        'use lower-case words joined by hyphens',
      );
      return '';
    }
    return id;
  }

  /** A `source: {title, url}` field. */
  source(path: YamlPath): SourceRef | undefined {
    const value = this.get(path);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.error(
        path,
        'invalid-field',
        `"${path.join('.')}" must have title and url`,
        'add "title:" and "url:" under it',
      );
      return undefined;
    }
    const title = this.text([...path, 'title'], { fix: 'name the source' });
    const url = this.text([...path, 'url'], { fix: 'give the full https:// address' });
    if (url !== '' && !isHttpUrl(url)) {
      this.error(
        [...path, 'url'],
        'bad-url',
        `"${url}" is not an http(s) address`,
        'give the full https:// address',
      );
      return undefined;
    }
    return title !== '' && url !== '' ? { title, url } : undefined;
  }

  /** Fields present at a path that are not in the allowed list: a typo an editor should hear about. */
  unknownFields(path: YamlPath, allowed: readonly string[]): void {
    const value = this.get(path);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    for (const key of Object.keys(value))
      if (!allowed.includes(key))
        this.error(
          [...path, key],
          'unknown-field',
          `unknown field "${key}"`,
          `use only ${allowed.map((a) => `"${a}"`).join(', ')}`,
        );
  }
}
