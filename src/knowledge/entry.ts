/** One knowledge entry, as loaded from knowledge/entries/<id>.md. */
export interface KnowledgeEntry {
  id: string;
  /** Earlier ids of a renamed entry; "ask" buttons on old cards still resolve through them. */
  aliases: string[];
  title: string;
  questions: string[];
  tags: string[];
  /** 1-8 for a Marmot principle, or null for "none". */
  principle: number | null;
  summary: string;
  source: { title: string; url: string };
  /** The team that keeps the entry. */
  owner: string;
  /** ISO date (YYYY-MM-DD) the entry was written, or last checked against its source by its writer. */
  written: string;
  /** ISO date the owner's named reviewer signed the entry off; set together with reviewedBy. */
  reviewed?: string;
  /** The named person (and role) who signed the entry off. */
  reviewedBy?: string;
  /** Ids of entries to offer as related questions, when the author chose them. */
  related: string[];
  /** The full answer in Markdown. */
  body: string;
  /** Path relative to the project, for messages. */
  file: string;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A draft until a named person has signed it off: both reviewed and reviewedBy are set. */
export function isDraft(entry: KnowledgeEntry): boolean {
  return !(entry.reviewed && entry.reviewedBy);
}

/** "2026-11-25" -> "November 2026". */
export function monthYear(isoDate: string): string {
  const [year, month] = isoDate.split('-');
  return `${MONTHS[Number(month) - 1]} ${year}`;
}

/** Markdown to plain text for tools and notifications: keeps words and link targets, drops markup. */
export function markdownToPlain(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^*\w])[*_]([^*_\n]+)[*_](?=[^*\w]|$)/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^\s*[*+]\s+/gm, '- ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The text the ask command and tools show: summary, a blank line, then the body as plain text. */
export function entryText(entry: KnowledgeEntry): string {
  return `${entry.summary}\n\n${markdownToPlain(entry.body)}`;
}
