import { z } from 'zod';
import { fail, fields, kebabId, listOf, optionalText, text, textList } from '../knowledge/contentFields';
import { sourceField } from '../knowledge/contentRefs';
import { MAX_STRENGTH_GROUPS } from './coach';

/** The shape of knowledge/coach-rules.yaml; what the phrases mean is checked by readCoachRules.ts. */

const TESTS_FIX = 'add "tests:" with "matches:" and "ignores:", each a list of example sentences';
const PHRASES_FIX = 'list phrases, one per item';
const WORDS_FIX = 'list single words';

const tests = fields({ matches: textList(TESTS_FIX), ignores: textList(TESTS_FIX) }, TESTS_FIX);
const guards = {
  not_before: textList(WORDS_FIX, { required: false }),
  not_after: textList(WORDS_FIX, { required: false }),
};
const why = text('add "why: ..." with the reason', { maxWords: 50 });

// Rules and strengths are checked one by one, so a fault in one does not hide the others.
export const coachFileSchema = fields({
  sources: z.unknown(),
  ask: text('add "ask: <entry id>" for the Learn more button'),
  rules: listOf(z.unknown(), 'add "rules:"'),
  strengths: listOf(z.unknown(), 'list strengths').optional(),
});

const where = optionalText('write "where: opening" or leave it out').transform((value, ctx) =>
  value === undefined || value === 'opening'
    ? value
    : fail(
        ctx,
        { code: 'invalid-field', message: `where "${value}" is not "opening"` },
        'write "where: opening" or leave it out',
      ),
);

export const ruleSchema = fields({
  id: kebabId('add "id: kebab-case-id"'),
  phrases: textList(PHRASES_FIX),
  except: textList(PHRASES_FIX, { required: false }),
  ...guards,
  where,
  better: text('add "better: ..." with a better wording', { maxWords: 30 }),
  why,
  source: sourceField,
  tests,
});

const allOf = listOf(textList(PHRASES_FIX), 'add "all_of:" with one to four lists of phrases').transform(
  (lists, ctx) =>
    lists.length > 0 && lists.length <= MAX_STRENGTH_GROUPS
      ? lists
      : fail(
          ctx,
          { code: 'invalid-field', message: `${lists.length} lists (one to ${MAX_STRENGTH_GROUPS})` },
          lists.length === 0 ? 'add "all_of:" with one to four lists of phrases' : 'merge some lists',
        ),
);

export const strengthSchema = fields({
  id: kebabId('add "id: kebab-case-id"'),
  says: text('add "says: ..." (what the draft does well)', { maxWords: 12 }),
  why,
  source: sourceField,
  all_of: allOf,
  ...guards,
  tests,
});
