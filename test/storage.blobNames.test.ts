import {
  blobNameOf,
  blobPrefixOf,
  decodeKey,
  encodeKey,
  keyOfBlob,
  MAX_PLAIN_NAME,
} from '../src/storage/blobNames';
import { MAX_KEY_BYTES } from '../src/storage/storage';

/** A random well-formed string mixing ASCII, punctuation, accents and astral characters. */
function randomKey(random: () => number, length: number): string {
  const pools = ['abcXYZ019', '/.:;@~%+ -_\\?#&=', '\u00e9\u00fc\u4e2d\u0301', '\u{1F600}\u{10FFFF}'];
  let key = '';
  for (let i = 0; i < length; i++) {
    const pool = [...pools[Math.floor(random() * pools.length)]];
    key += pool[Math.floor(random() * pool.length)];
  }
  return key;
}

/** A small seeded generator, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('blob names for keys', () => {
  it('encode reversibly into characters that Azure keeps as they are', () => {
    const random = seeded(42);
    for (let i = 0; i < 500; i++) {
      const key = randomKey(random, 1 + Math.floor(random() * 40));
      const encoded = encodeKey(key);
      expect(encoded).toMatch(/^(?:[A-Za-z0-9_-]|~[0-9A-F]{2})+$/);
      expect(decodeKey(encoded)).toBe(key);
    }
  });

  it('keep prefixes: the name of a key starts with the name prefix of any prefix of it', () => {
    const random = seeded(7);
    for (let i = 0; i < 300; i++) {
      const key = randomKey(random, 1 + Math.floor(random() * 600));
      const cut = Math.floor(random() * key.length);
      const prefix = [...key].slice(0, cut).join('');
      expect(blobNameOf(key).name.startsWith(blobPrefixOf(prefix))).toBe(true);
    }
  });

  it('give different names to keys that differ anywhere, however long', () => {
    const stem = 'x'.repeat(1099);
    const names = new Set(['a', 'b', 'c'].map((end) => blobNameOf(stem + end).name));
    expect(names.size).toBe(3);
    expect(blobNameOf('a/b').name).not.toBe(blobNameOf('a//b').name);
    expect(blobNameOf('A').name).not.toBe(blobNameOf('a').name);
  });

  it('stay within Azure limits for the longest keys, carrying the full key in metadata', () => {
    for (const key of [
      'k'.repeat(MAX_KEY_BYTES),
      '\u00e9'.repeat(MAX_KEY_BYTES / 2),
      '/'.repeat(MAX_KEY_BYTES),
    ]) {
      const { name, metadata } = blobNameOf(key);
      expect(name.length).toBeLessThanOrEqual(1024);
      expect(name).toMatch(/^[A-Za-z0-9_~-]+\.[0-9a-f]{64}$/);
      // Azure allows 8 KB of metadata in all.
      expect(JSON.stringify(metadata).length).toBeLessThan(8000);
      expect(keyOfBlob(name, metadata)).toBe(key);
    }
    const short = blobNameOf('k'.repeat(MAX_PLAIN_NAME));
    expect(short.metadata).toBeUndefined();
    expect(keyOfBlob(short.name, undefined)).toBe('k'.repeat(MAX_PLAIN_NAME));
  });

  it('ignore blobs this store did not write', () => {
    expect(keyOfBlob('folder/file.txt', undefined)).toBeUndefined();
    expect(keyOfBlob(`${'k'.repeat(MAX_PLAIN_NAME)}.${'0'.repeat(64)}`, undefined)).toBeUndefined();
    expect(keyOfBlob(`${'k'.repeat(MAX_PLAIN_NAME)}.${'0'.repeat(64)}`, { key: 'other' })).toBeUndefined();
  });
});
