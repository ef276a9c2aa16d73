import { join } from 'node:path';
import { z } from 'zod';
import { fields, kebabId, listOf, optionalText, text } from '../knowledge/contentFields';
import { ContentFile } from '../knowledge/contentFile';
import {
  askId,
  claimedId,
  type EntryIds,
  HOUSE_STYLE,
  resolveSource,
  sourceField,
  sourcesSchema,
} from '../knowledge/contentRefs';
import type { FileProblem } from '../knowledge/problems';
import { checkWith } from '../knowledge/schemaCheck';
import type { FramingTip } from './tips';

/** Where the tips live under knowledge/. */
export const TIPS_FILE = 'tips.yaml';

// Sources and each tip are checked on their own, so a fault in one does not hide the others.
const fileSchema = fields({
  sources: z.unknown(),
  tips: listOf(z.unknown(), 'add "tips:" with at least two tips'),
});

const tipSchema = fields({
  id: kebabId('add "id: kebab-case-id"'),
  title: text('add "title: ..." (a short heading)', { maxChars: 60 }),
  do: text('add "do: ..." saying what to do', { maxWords: 45 }),
  instead: text('add "instead: ..." saying what to avoid', { maxWords: 45 }),
  why: text('add "why: ..." with the reason', { maxWords: 50 }),
  source: sourceField,
  ask: optionalText('give a knowledge entry id'),
});

/**
 * Reads and checks knowledge/tips.yaml: every tip's fields, its source against `sources:` (tips
 * come from the Health Foundation guidance, so "house style" is not allowed) and its `ask:`
 * against the entries.
 */
export function readTips(
  dir: string,
  display: (path: string) => string,
  byId: EntryIds,
  problems: FileProblem[],
): FramingTip[] {
  const path = join(dir, TIPS_FILE);
  const file = ContentFile.read(path, display(path), problems);
  if (!file) return [];
  checkWith(file, fileSchema);
  const sources = checkWith(file, sourcesSchema, ['sources']) ?? new Map();
  const count = file.itemCount(['tips']);
  if (count === 1)
    file.error(['tips'], 'few-tips', 'only one tip', 'add another, so "Another one" has somewhere to go');
  const tips: FramingTip[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const at = ['tips', i];
    const tip = checkWith(file, tipSchema, at);
    const id = tip?.id ?? claimedId(file.get([...at, 'id']));
    if (id !== undefined && seen.has(id))
      file.error([...at, 'id'], 'duplicate-id', `tip id "${id}" is used twice`, 'give every tip its own id');
    if (id !== undefined) seen.add(id);
    if (!tip) continue;
    const source = resolveSource(file, [...at, 'source'], tip.source, sources, false);
    const ask = tip.ask !== undefined ? askId(file, [...at, 'ask'], tip.ask, byId) || undefined : undefined;
    if (source && source !== HOUSE_STYLE) tips.push({ ...tip, source, ask });
  }
  return tips;
}
