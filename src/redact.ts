/**
 * Text people type (a comment on an answer, a question for the experts) may hold someone's
 * details. Before any of it is stored, these are replaced by a label saying what was there.
 */
const RULES: readonly [RegExp, string][] = [
  // Teams mentions, as markup and as typed.
  [/<at>[^<]{0,200}<\/at>/gi, '[name]'],
  [/(^|[\s(])@[\p{L}\p{N}._-]{2,64}/gu, '$1[name]'],
  [/[\p{L}\p{N}._%+-]{1,64}@[\p{L}\p{N}-]{1,63}(\.[\p{L}\p{N}-]{1,63})+/gu, '[email]'],
  // NHS numbers: ten digits, often written 3-3-4, before phone numbers take the digits.
  [/\b\d{3}[ -]?\d{3}[ -]?\d{4}\b/g, '[NHS or phone number]'],
  // UK phone numbers: +44 or 0, then 9 or 10 more digits with spaces, dashes or brackets.
  [/(\+44\s?\(?0?\)?|\b0)(?:[\s()-]*\d){9,10}\b/g, '[phone number]'],
  // UK postcodes: "LU1 2AB", "lu12ab", "EC1A 1BB".
  [/\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/gi, '[postcode]'],
];

/** "my name is Jo Bloggs", "I'm called Jo": the two words after (a name, or a name and a word more). */
const SELF_INTRODUCTION =
  /\b(my name is|my name's|i am called|i'm called|my full name is)((?:\s+[\p{L}'’-]{1,40}){1,2})/giu;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces what identifies someone with a label saying what was there. `names` are names the bot
 * already knows from the activity (the sender's display name): each is removed, whole and by part,
 * wherever it is written.
 */
export function redact(text: string, names: readonly string[] = []): string {
  let out = text;
  for (const [pattern, label] of RULES) out = out.replace(pattern, label);
  out = out.replace(SELF_INTRODUCTION, '$1 [name]');
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
