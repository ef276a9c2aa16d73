import { createHash } from 'node:crypto';
import type { KnowledgeEntry } from '../knowledge/entry';

/**
 * A short hash of what a reader sees of each entry. A digest stores these with each delivery, so
 * the next one can list what changed since, whoever edited it and however the files were copied.
 */
export function entryHashes(entries: readonly KnowledgeEntry[]): Map<string, string> {
  return new Map(
    entries.map((e) => [
      e.id,
      createHash('sha256')
        .update(JSON.stringify([e.title, e.questions, e.summary, e.body, e.source]))
        .digest('hex')
        .slice(0, 16),
    ]),
  );
}
