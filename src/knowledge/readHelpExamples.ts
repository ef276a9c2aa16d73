import { join } from 'node:path';
import type { AskChoice } from '../cards/cardTypes';
import { fail, fields, listOf, text } from './contentFields';
import { ContentFile } from './contentFile';
import type { EntryIds } from './contentRefs';
import type { FileProblem } from './problems';
import { checkWith } from './schemaCheck';

const FIX = 'see the comment at the top of the file';

const example = fields({
  id: text('use an id from knowledge/entries'),
  question: text('write the question as a partner would ask it'),
});

const helpSchema = fields({
  examples: listOf(example, 'list {id, question} items under "examples:"').transform((examples, ctx) =>
    examples.length > 0
      ? examples
      : fail(
          ctx,
          { code: 'invalid-field', message: '"examples" must list at least one {id, question}' },
          FIX,
        ),
  ),
});

/** Reads knowledge/help.yaml: the example questions on the help card, each for an existing entry. */
export function readHelpExamples(
  dir: string,
  display: (path: string) => string,
  byId: EntryIds,
  problems: FileProblem[],
): AskChoice[] {
  const path = join(dir, 'help.yaml');
  const file = ContentFile.read(path, display(path), problems);
  const help = file && checkWith(file, helpSchema);
  if (!file || !help) return [];
  return help.examples.flatMap(({ id, question }, i) => {
    const entry = byId.get(id);
    if (entry) return [{ id: entry.id, question }];
    file.error(
      ['examples', i, 'id'],
      'help',
      `entry id "${id}" does not exist`,
      'use an id from knowledge/entries',
    );
    return [];
  });
}
