/**
 * Text people type (a comment on an answer, a question for the experts) may hold someone's
 * details. Before any of it is stored, these are replaced by a label saying what was there.
 */
// A capitalised word as names are written, "Jo", "O'Neil", not an acronym or shouting ("WFH",
// "NOT"). No `i` flag where it is used: with it, \p{Lu} matches any case.
const NAME_WORD = "\\p{Lu}(?:\\p{Ll}|['’]\\p{Lu})[\\p{L}'’-]{0,40}";
const TITLE = '(?:(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Cllr)\\.?\\s+)?';

const RULES: readonly [RegExp, string][] = [
  // Teams mentions, as markup and as typed ("@Jo Bloggs" takes a capitalised second word with it).
  [/<at>[^<]{0,200}<\/at>/gi, '[name]'],
  [new RegExp(`(^|[\\s(])@[\\p{L}\\p{N}._-]{2,64}(?:\\s+${NAME_WORD})?`, 'gu'), '$1[name]'],
  [/[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(\.[\p{L}\p{N}-]{1,63})+/gu, '[email]'],
  // National Insurance numbers: "QQ 12 34 56 C".
  [/\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b/gi, '[NI number]'],
  // Whole dates, as a date of birth is written: "03/04/1987", "3.4.87", "3-4-1987" (not "20-20-20").
  [/\b\d{1,2}([/.])\d{1,2}\1(?:\d{4}|\d{2})\b|\b\d{1,2}-\d{1,2}-\d{4}\b/g, '[date]'],
  // NHS numbers: ten digits, often written 3-3-4, before phone numbers take the digits.
  [/\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/g, '[NHS or phone number]'],
  // UK phone numbers: +44 or 0044 or 0, then 9 or 10 more digits with spaces, dashes or brackets.
  [/(\+44\s?\(?0?\)?|\b0044\s?\(?0?\)?|\b0)(?:[\s()-]*\d){9,10}\b/g, '[phone number]'],
  // UK postcodes: "LU1 2AB", "lu12ab", "EC1A 1BB".
  [/\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi, '[postcode]'],
];

/** "my name is Jo Bloggs", "I'm called Jo": the two words after (a name, or a name and a word more). */
const SELF_INTRODUCTION =
  /\b(my name is|my name's|i am called|i'm called|my full name is)((?:\s+[\p{L}'’-]{1,40}){1,2})/giu;

/**
 * "I'm Priya Raman", "I am Dr Priya Raman", "this is Jo Bloggs from the council": a name is only
 * taken when it is capitalised, so "I'm new to QI" and "this is the toolkit" are left alone.
 */
const INTRODUCED_AS = [
  new RegExp(`\\b([Ii]'m|[Ii]’m|[Ii]m|[Ii] am)\\s+${TITLE}${NAME_WORD}(?:\\s+${NAME_WORD})?`, 'gu'),
  new RegExp(
    `\\b([Tt]his is|[Ii]t's|[Ii]t’s|[Ii]t is)\\s+${TITLE}${NAME_WORD}(?:\\s+${NAME_WORD})?(?=\\s+(?:from|at|here)\\b)`,
    'gu',
  ),
];

/** Full-width digits as plain ones, and a dash between digits as "-", so the patterns see them. */
const plainForms = (text: string): string =>
  text.normalize('NFKC').replace(/(\d)[\u2010-\u2015\u2212\uFE63](?=\d)/g, '$1-');

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces what identifies someone with a label saying what was there. `names` are names the bot
 * already knows from the activity (the sender's display name): each is removed, whole and by part,
 * wherever it is written.
 */
export function redact(text: string, names: readonly string[] = []): string {
  let out = plainForms(text);
  for (const [pattern, label] of RULES) out = out.replace(pattern, label);
  out = out.replace(SELF_INTRODUCTION, '$1 [name]');
  for (const pattern of INTRODUCED_AS) out = out.replace(pattern, '$1 [name]');
  const parts = names
    .flatMap((name) => [name, ...name.split(/[\s,()]+/)])
    .map((part) => part.trim())
    // A display name is the sender's to choose: an absurd one must not make the redaction slow.
    .filter((part) => part.length >= 2 && part.length <= 100)
    .sort((a, b) => b.length - a.length);
  for (const part of parts)
    out = out.replace(
      new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(part)}(?![\\p{L}\\p{N}])`, 'giu'),
      '[name]',
    );
  return out;
}
