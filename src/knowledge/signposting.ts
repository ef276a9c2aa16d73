import { normaliseText } from './normalise';

export interface SignpostContent {
  categories: { id: string; phrases: string[] }[];
  card: {
    title: string;
    intro: string;
    contacts: { label: string; text: string; url?: string }[];
    footer: string;
  };
}

export interface Signposter {
  /** The category of the first urgent pattern found, or null. Runs before any search. */
  match(text: string): string | null;
  readonly content: SignpostContent;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One compiled pattern per category over normalised text, so "Chest-pain!" and "chest pain"
 * match alike and a phrase only matches whole words.
 */
export function buildSignposter(content: SignpostContent): Signposter {
  const compiled = content.categories.map((c) => ({
    id: c.id,
    pattern: new RegExp(
      `(?:^| )(?:${c.phrases
        .map((p) => normaliseText(p))
        .filter((p) => p !== '')
        .map(escapeRegExp)
        .join('|')})(?: |$)`,
    ),
  }));
  return {
    content,
    match(text: string): string | null {
      const norm = normaliseText(text);
      for (const c of compiled) if (c.pattern.test(norm)) return c.id;
      return null;
    },
  };
}
