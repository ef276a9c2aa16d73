import { type ZodNumber, z } from 'zod';
import { CONFIDENCE_FEATURES } from './decision';
import { FEATURES, type SearchModel } from './searchModel';
import trained from './searchModel.json';

/** Where `npm run train:search` writes the model, as named in errors. */
export const MODEL_FILE = 'src/search/searchModel.json';

const numbers = <N extends string>(names: readonly N[]) =>
  z.strictObject(Object.fromEntries(names.map((name) => [name, z.number()])) as Record<N, ZodNumber>);

// Strict at every level: a missing weight made every score NaN and every answer a silent "none",
// and a field the code does not know means the file and the code disagree about the features.
const modelSchema = z.strictObject({
  weights: numbers(FEATURES),
  answer: numbers(CONFIDENCE_FEATURES),
  shortlist: numbers(CONFIDENCE_FEATURES),
  thresholds: z.strictObject({ answer: z.number(), suggest: z.number(), offTopic: z.number() }),
});

const valueAt = (raw: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (value, key) =>
      typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined,
    raw,
  );

const describe = (raw: unknown, issue: z.core.$ZodIssue): string => {
  const field = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys')
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys
      .map((k) => (field ? `${field}.${k}` : k))
      .join(', ')}`;
  const name = field || 'the model';
  if (issue.code !== 'invalid_type') return `${name}: ${issue.message}`;
  const value = valueAt(raw, issue.path);
  if (value === undefined) return `${name} is missing`;
  return `${name} must be ${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}, not ${JSON.stringify(value)}`;
};

/**
 * The model as the search reads it, checked field by field. Throws naming `file` and every bad
 * field, so a hand-edited or stale model fails at start-up rather than answering nothing.
 */
export function parseSearchModel(raw: unknown, file: string): SearchModel {
  const result = modelSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => describe(raw, issue));
  throw new Error(`${file}: ${problems.join('; ')} (npm run train:search writes this file)`);
}

export const SEARCH_MODEL: SearchModel = parseSearchModel(trained, MODEL_FILE);
