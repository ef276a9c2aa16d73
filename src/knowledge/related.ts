import type { KnowledgeEntry } from './entry';

/**
 * Up to `limit` entries worth offering after an answer: those the author listed first, then
 * entries sharing the Marmot principle, then those sharing the most tags. Never the entry itself.
 */
export function relatedEntries(
  entry: KnowledgeEntry,
  all: readonly KnowledgeEntry[],
  byId: ReadonlyMap<string, KnowledgeEntry>,
  limit = 3,
): KnowledgeEntry[] {
  const chosen: KnowledgeEntry[] = [];
  const add = (e: KnowledgeEntry | undefined): void => {
    if (e && e.id !== entry.id && !chosen.includes(e) && chosen.length < limit) chosen.push(e);
  };
  for (const id of entry.related) add(byId.get(id));
  if (entry.principle !== null) for (const e of all) if (e.principle === entry.principle) add(e);
  const tags = new Set(entry.tags);
  const byShared = all
    .map((e) => ({ e, shared: e.tags.filter((t) => tags.has(t)).length }))
    .filter((x) => x.shared > 0)
    .sort((a, b) => b.shared - a.shared || a.e.id.localeCompare(b.e.id));
  for (const { e } of byShared) add(e);
  return chosen;
}
