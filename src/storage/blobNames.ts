import { createHash } from 'node:crypto';

/**
 * How keys become blob names, one to one. Azure itself would merge or refuse some keys: it treats
 * `/` as a folder separator (`a//b` and `a/b` are the same path to some tools), trims or rejects
 * names ending in `.` or `/`, and allows at most 1,024 characters.
 *
 * So every UTF-8 byte of the key outside `[A-Za-z0-9_-]` is written `~XX` (hex). The result is
 * reversible and keeps prefixes (the name of a key starts with the name of any prefix of it), so
 * listing by prefix is listing by name prefix. A name longer than {@link MAX_PLAIN_NAME} is cut
 * there and followed by `.` and the SHA-256 of the whole key; the full key then travels in the
 * blob's metadata. `.` never appears in a plain name, so plain and cut names never meet.
 */
export const MAX_PLAIN_NAME = 900;
const PLAIN = /^[A-Za-z0-9_-]$/;
const HEX = '0123456789ABCDEF';

/** The metadata field holding the encoded full key of a cut name. */
export const KEY_METADATA = 'key';

export function encodeKey(key: string): string {
  let out = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += PLAIN.test(char) ? char : `~${HEX[byte >> 4]}${HEX[byte & 15]}`;
  }
  return out;
}

export function decodeKey(encoded: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    if (encoded[i] === '~') {
      bytes.push(Number.parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(encoded.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

export interface BlobName {
  name: string;
  /** Set when the name is cut: the metadata that carries the full key. */
  metadata?: Record<string, string>;
}

export function blobNameOf(key: string): BlobName {
  const encoded = encodeKey(key);
  if (encoded.length <= MAX_PLAIN_NAME) return { name: encoded };
  const hash = createHash('sha256').update(key, 'utf8').digest('hex');
  return { name: `${encoded.slice(0, MAX_PLAIN_NAME)}.${hash}`, metadata: { [KEY_METADATA]: encoded } };
}

/** The name prefix under which every key starting with `prefix` lives. */
export function blobPrefixOf(prefix: string): string {
  return encodeKey(prefix).slice(0, MAX_PLAIN_NAME);
}

/** The key a listed blob holds, or undefined for a blob this store did not write. */
export function keyOfBlob(name: string, metadata: Record<string, string> | undefined): string | undefined {
  const cut = name.indexOf('.');
  const encoded = cut === -1 ? name : metadata?.[KEY_METADATA];
  if (encoded === undefined || !/^(?:[A-Za-z0-9_-]|~[0-9A-F]{2})*$/.test(encoded)) return undefined;
  if (cut !== -1 && !encoded.startsWith(name.slice(0, cut))) return undefined;
  return decodeKey(encoded);
}
