import { join } from 'node:path';
import { fields, listOf, text } from '../knowledge/contentFields';
import { ContentFile } from '../knowledge/contentFile';
import type { EntryIds } from '../knowledge/contentRefs';
import type { KnowledgeEntry } from '../knowledge/entry';
import type { FileProblem } from '../knowledge/problems';
import { checkWith } from '../knowledge/schemaCheck';

const digestSchema = fields({
  principles: listOf(text('use an entry id from knowledge/entries'), 'list entry ids under "principles:"'),
});

/**
 * Reads knowledge/digest.yaml: the entries the "principle of the week" rotates through, in order.
 * Each must exist; the list must not be empty.
 */
export function readDigestPrinciples(
  dir: string,
  display: (path: string) => string,
  byId: EntryIds,
  problems: FileProblem[],
): KnowledgeEntry[] {
  const path = join(dir, 'digest.yaml');
  const file = ContentFile.read(path, display(path), problems);
  const digest = file && checkWith(file, digestSchema);
  if (!file || !digest) return [];
  if (digest.principles.length === 0)
    file.error(['principles'], 'invalid-field', '"principles" lists no entry', 'list at least one entry id');
  return digest.principles.flatMap((id, i) => {
    const entry = byId.get(id);
    if (entry) return [entry];
    file.error(
      ['principles', i],
      'digest',
      `entry id "${id}" does not exist`,
      'use an id from knowledge/entries',
    );
    return [];
  });
}
