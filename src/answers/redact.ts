/**
 * Text people type (a comment on an answer, later a question for the experts) may hold someone's
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

export function redact(text: string): string {
  let out = text;
  for (const [pattern, label] of RULES) out = out.replace(pattern, label);
  return out;
}
