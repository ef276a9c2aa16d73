import { z } from 'zod';
import type { SourceRef } from './contentFile';
import { ID_PATTERN, isHttpUrl } from './formats';
import type { ProblemParams } from './schemaCheck';

/**
 * The kinds of value content files are made of, as zod schemas whose issues schemaCheck.ts turns
 * into problems. Each takes the fix to show, so an editor always reads what to do.
 */

type Ctx = z.core.$RefinementCtx;

/**
 * Any value, a missing key included: the transforms below decide what missing means. (Without
 * `.optional()` zod refuses an absent key before the transform can run.)
 */
export const anyValue = () => z.unknown().optional();

/** Adds a problem to the value being checked; `path` is below it (an item of a list). */
export function fail(
  ctx: Ctx,
  params: ProblemParams,
  fix: string,
  path: (string | number)[] = [],
): typeof z.NEVER {
  ctx.addIssue({ code: 'custom', message: fix, params, path });
  return z.NEVER;
}

const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

interface TextLimits {
  maxWords?: number;
  maxChars?: number;
}

/** Text as a card shows it: numbers allowed, trimmed, runs of spaces and new lines made one space. */
function readText(value: unknown, ctx: Ctx, fix: string, limits: TextLimits): string {
  if (isBlank(value)) return fail(ctx, { code: 'missing-field' }, fix);
  if (typeof value !== 'string' && typeof value !== 'number')
    return fail(ctx, { code: 'invalid-field', message: '"{field}" must be text' }, fix);
  const text = String(value).trim().replace(/\s+/g, ' ');
  const words = text.split(' ').length;
  if (limits.maxWords !== undefined && words > limits.maxWords)
    fail(
      ctx,
      { code: 'too-long', message: `"{field}" has ${words} words (at most ${limits.maxWords})` },
      'shorten it: the card is read on a phone',
    );
  else if (limits.maxChars !== undefined && text.length > limits.maxChars)
    fail(
      ctx,
      { code: 'too-long', message: `"{field}" has ${text.length} characters (at most ${limits.maxChars})` },
      'shorten it: long titles are cut off in Teams',
    );
  return text;
}

/** Required text. */
export const text = (fix: string, limits: TextLimits = {}) =>
  anyValue().transform((value, ctx) => readText(value, ctx, fix, limits));

/** Text that may be left out (or left empty: `next:` with nothing after it). */
export const optionalText = (fix: string) =>
  anyValue().transform((value, ctx) => (isBlank(value) ? undefined : readText(value, ctx, fix, {})));

/** A list of non-empty text items; a required list must be there and have at least one. */
export const textList = (fix: string, options: { required: boolean } = { required: true }) =>
  anyValue().transform((value, ctx): string[] => {
    if (value === undefined || value === null)
      return options.required ? fail(ctx, { code: 'missing-field' }, fix) : [];
    if (!Array.isArray(value) || value.length === 0)
      return fail(ctx, { code: 'invalid-field', message: '"{field}" must be a list of text items' }, fix);
    value.forEach((item, i) => {
      if (isBlank(item) || (typeof item !== 'string' && typeof item !== 'number'))
        fail(ctx, { code: 'invalid-field', message: `item ${i + 1} of "{list}" must be text` }, fix, [i]);
    });
    return value.map((item) => String(item).trim());
  });

/** An id in kebab-case. */
export const kebabId = (fix: string) =>
  text(fix).transform((id, ctx) =>
    ID_PATTERN.test(id)
      ? id
      : fail(
          ctx,
          { code: 'invalid-id', message: `id "${id}" is not kebab-case` },
          'use lower-case words joined by hyphens',
        ),
  );

/** Fields of a map; any other key is a typo an editor should hear about. */
export function fields<S extends z.core.$ZodLooseShape>(
  shape: S,
  fix = 'see the comment at the top of the file',
) {
  const allowed = Object.keys(shape)
    .map((k) => `"${k}"`)
    .join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `use only ${allowed}` : fix),
  });
}

/** A list of items of one schema. */
export const listOf = <T extends z.ZodType>(item: T, fix: string) => z.array(item, { error: fix });

/** A `{title, url}` source. */
export const sourceRef: z.ZodType<SourceRef> = z
  .object(
    {
      title: text('name the source'),
      url: text('give the full https:// address').transform((url, ctx) =>
        isHttpUrl(url)
          ? url
          : fail(
              ctx,
              { code: 'bad-url', message: `"${url}" is not an http(s) address` },
              'give the full https:// address',
            ),
      ),
    },
    { error: 'add "title:" and "url:" under it' },
  )
  .transform((source) => ({ title: source.title, url: source.url }));
