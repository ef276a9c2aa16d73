import type { KnowledgeEntry } from '../src/knowledge/entry';

/**
 * Variants of the real entries for the scaling benchmark: the same shape and length, each with made-up
 * words of its own so the vocabulary grows as it would with more real content.
 */
const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'ta',
  'vo',
  'zi',
  'pe',
  'so',
  'du',
  'fa',
  'gi',
  'ho',
  'bu',
  'we',
];

function word(n: number): string {
  let s = '';
  let x = n + 7;
  for (let i = 0; i < 3; i++) {
    s += SYLLABLES[x % SYLLABLES.length];
    x = Math.floor(x / SYLLABLES.length) + i * 5;
  }
  return `${s}${n.toString(36)}`;
}

export function syntheticEntries(real: readonly KnowledgeEntry[], count: number): KnowledgeEntry[] {
  const out: KnowledgeEntry[] = [];
  for (let k = 0; k < count; k++) {
    const base = real[k % real.length];
    const a = word(k * 3);
    const b = word(k * 3 + 1);
    const c = word(k * 3 + 2);
    out.push({
      ...base,
      id: `${base.id}-variant-${k}`,
      aliases: [],
      title: `${base.title} ${a}`,
      questions: base.questions.map((q, i) => `${q} ${[a, b, c][i % 3]}`),
      tags: [...base.tags, b],
      summary: `${base.summary} ${c}`,
      body: `${base.body}\n\n${a} ${b} ${c}`,
      related: [],
    });
  }
  return out;
}
