import { join } from 'node:path';
import { fail, fields, listOf, textList } from './contentFields';
import { ContentFile } from './contentFile';
import type { FileProblem } from './problems';
import { checkWith } from './schemaCheck';

const FIX = 'see the comment at the top of the file';

const group = textList(FIX).transform((phrases, ctx) =>
  phrases.length >= 2
    ? phrases
    : fail(
        ctx,
        { code: 'invalid-field', message: '"{field}" has one phrase: a group needs two or more' },
        FIX,
      ),
);

/**
 * A phrase belongs to one group: the search reads a phrase with the first group that has it, so a
 * second group never saw it ("in charge" sat with "control over their lives" and with governance,
 * and "who is in charge of the Marmot work" was answered with principle 2).
 */
const groups = listOf(group, 'list the groups under "groups:", one [a, b, ...] a line').transform(
  (list, ctx) => {
    const firstGroup = new Map<string, number>();
    for (const [i, phrases] of list.entries())
      for (const [j, phrase] of phrases.entries()) {
        const key = phrase.toLowerCase();
        const first = firstGroup.get(key);
        if (first === undefined) firstGroup.set(key, i);
        else if (first !== i)
          fail(
            ctx,
            {
              code: 'invalid-field',
              message: `"{field}" is also in group ${first + 1}: a phrase belongs to one group`,
            },
            'keep the phrase in the group it means most often and take it out of the other',
            [i, j],
          );
      }
    return list;
  },
);

const synonymsSchema = fields({ groups });

/** Reads knowledge/synonyms.yaml: groups of phrases that mean the same to a partner. */
export function readSynonyms(
  dir: string,
  display: (path: string) => string,
  problems: FileProblem[],
): string[][] {
  const path = join(dir, 'synonyms.yaml');
  const file = ContentFile.read(path, display(path), problems);
  return (file && checkWith(file, synonymsSchema)?.groups) ?? [];
}
