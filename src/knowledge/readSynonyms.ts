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

const synonymsSchema = fields({
  groups: listOf(group, 'list the groups under "groups:", one [a, b, ...] a line'),
});

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
