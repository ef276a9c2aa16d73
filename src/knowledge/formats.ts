/** Rules for values content owners write, shared by every content file's checks. */

/** An id: lower-case words or numbers joined by single hyphens ("proportionate-universalism"). */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A full web address on a real host (a dot in the name), as a source link must be. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}
