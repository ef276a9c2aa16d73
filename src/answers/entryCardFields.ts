import { isDraft, type KnowledgeEntry, monthYear } from '../knowledge/entry';

/** What every card showing an entry's answer says of it: the text, its review status and source. */
export function entryCardFields(entry: KnowledgeEntry) {
  return {
    title: entry.title,
    summary: entry.summary,
    body: entry.body,
    isDraft: isDraft(entry),
    written: monthYear(entry.written),
    reviewed: entry.reviewed ? monthYear(entry.reviewed) : '',
    reviewedBy: entry.reviewedBy ?? '',
    owner: entry.owner,
    sourceTitle: entry.source.title,
    sourceUrl: entry.source.url,
  };
}
