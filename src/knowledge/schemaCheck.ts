import type { z } from 'zod';
import type { ContentFile, YamlPath } from './contentFile';

/**
 * What a custom issue carries beyond zod's own: the problem's code and, when the code's usual
 * message does not fit, its own, where `{field}` stands for the value's dotted path (and `{list}`
 * for its parent's, when the value is an item of a list). The issue's
 * `message` is always the fix.
 */
export interface ProblemParams {
  code: string;
  message?: string;
}

const USUAL_MESSAGE: Readonly<Record<string, string>> = {
  'missing-field': 'missing field "{field}"',
  'invalid-field': '"{field}" is not valid',
};

/** How a value of the wrong kind is described: in an editor's words, not JavaScript's. */
const KIND: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  array: 'a list',
  object: 'a set of fields ("name: value" lines)',
  record: 'a set of named values',
};

const isMissing = (input: unknown): boolean => input === undefined || input === null;

function report(file: ContentFile, at: YamlPath, issue: z.core.$ZodIssue): void {
  const field = at.join('.');
  switch (issue.code) {
    case 'unrecognized_keys':
      for (const key of issue.keys)
        file.error([...at, key], 'unknown-field', `unknown field "${key}"`, issue.message);
      return;
    case 'custom': {
      const params = (issue.params ?? { code: 'invalid-field' }) as ProblemParams;
      const message = params.message ?? USUAL_MESSAGE[params.code] ?? USUAL_MESSAGE['invalid-field'];
      const list = at.slice(0, -1).join('.');
      file.error(
        at,
        params.code,
        message.replaceAll('{field}', field).replaceAll('{list}', list),
        issue.message,
      );
      return;
    }
    case 'invalid_type':
      if (isMissing(issue.input)) file.error(at, 'missing-field', `missing field "${field}"`, issue.message);
      else
        file.error(
          at,
          'invalid-field',
          `"${field}" must be ${KIND[issue.expected] ?? issue.expected}`,
          issue.message,
        );
      return;
    case 'invalid_union':
      if (isMissing(issue.input)) file.error(at, 'missing-field', `missing field "${field}"`, issue.message);
      else file.error(at, 'invalid-field', `"${field}" is not valid`, issue.message);
      return;
    default:
      file.error(at, 'invalid-field', `"${field}" is not valid`, issue.message);
  }
}

/**
 * Checks the value at `path` of a content file against a schema. Every issue becomes a problem at
 * the line and column of the YAML node it is about (or of its nearest parent when the value is
 * missing); the result is the schema's output, or undefined when there was any issue.
 */
export function checkWith<S extends z.ZodType>(
  file: ContentFile,
  schema: S,
  path: YamlPath = [],
): z.output<S> | undefined {
  const result = schema.safeParse(file.get(path), { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues)
    report(file, [...path, ...issue.path.filter((p) => typeof p !== 'symbol')], issue);
  return undefined;
}
