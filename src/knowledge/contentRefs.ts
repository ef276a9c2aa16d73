import { z } from 'zod';
import { sourceRef, text } from './contentFields';
import type { ContentFile, SourceRef, YamlPath } from './contentFile';
import type { KnowledgeEntry } from './entry';
import { ID_PATTERN } from './formats';

/** Values that point elsewhere: an `ask:` at an entry, a `source:` at the file's `sources:`. */

export type EntryIds = ReadonlyMap<string, KnowledgeEntry>;
export const HOUSE_STYLE = 'house style';

/** Resolves an `ask:` entry id (or alias) to the entry's id, reporting an unknown one. */
export function askId(file: ContentFile, path: YamlPath, value: string, byId: EntryIds): string {
  const entry = byId.get(value);
  if (!entry) {
    file.error(path, 'unknown-ask', `entry id "${value}" does not exist`, 'use an id from knowledge/entries');
    return '';
  }
  return entry.id;
}

/** The id an item claims even when its other fields are wrong, so a duplicate is still caught. */
export const claimedId = (value: unknown): string | undefined =>
  typeof value === 'string' && ID_PATTERN.test(value.trim()) ? value.trim() : undefined;

/** The `sources:` map at the top of a file: short names for sources used many times. */
export const sourcesSchema = z
  .record(z.string(), sourceRef, { error: 'see the comment at the top of the file' })
  .optional()
  .transform((sources) => new Map(Object.entries(sources ?? {})));

/** A `source:` field: a name from `sources:`, or a `{title, url}` of its own. */
export const sourceField = z.union([text('name the source'), sourceRef], {
  error: 'name a source from "sources", or give "title:" and "url:" under it',
});

/** The source a `source:` field names, reporting a name that is not listed. */
export function resolveSource(
  file: ContentFile,
  path: YamlPath,
  value: z.output<typeof sourceField>,
  sources: ReadonlyMap<string, SourceRef>,
  allowHouseStyle: boolean,
): SourceRef | typeof HOUSE_STYLE | undefined {
  if (typeof value !== 'string') return value;
  if (allowHouseStyle && value === HOUSE_STYLE) return HOUSE_STYLE;
  const found = sources.get(value);
  if (!found)
    file.error(
      path,
      'unknown-source',
      `source "${value}" is not listed under "sources"`,
      allowHouseStyle
        ? `use a name from "sources", or "${HOUSE_STYLE}" for advice the Health Foundation guidance does not give`
        : 'use a name from "sources" at the top of the file',
    );
  return found;
}
