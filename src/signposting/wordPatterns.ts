import { rememberedPerWord } from '../rememberedPerWord';

/**
 * Word patterns for the signposting file: words in order, with a few words allowed between them.
 * Content owners write them; this module turns them into something that matches in one pass over
 * the message's words, so a message of any length costs time in step with its length (no regular
 * expressions, no backtracking).
 *
 * Syntax of one pattern (see knowledge/signposting.yaml for the full guide):
 *   word            the word itself (apostrophes are dropped: "can't" is "cant")
 *   a|b|c           any of these; a choice may be several words ("passed out|blacked out"), and
 *                   choices run from one "..." to the next
 *   word*           any word starting with "word" (at least 3 letters before the star)
 *   word~           the word or one slip of the keyboard (one letter missing, extra, wrong or two
 *                   swapped); only for words of 5 letters or more; "word*~" is a start of a word
 *                   with one slip
 *   <list>          any word of a named list from the file's `words:` section
 *   #               any number written in digits
 *   ...             up to the file's `gap` words in between (default 3); `...N` up to N words
 * Terms next to each other without `...` must be next to each other in the message.
 */

export interface PatternProblem {
  message: string;
  fix: string;
}

interface Alternative {
  kind: 'word' | 'prefix' | 'fuzzy' | 'fuzzyPrefix' | 'number';
  text: string;
}

interface CompiledPattern {
  source: string;
  /** The label of the group the pattern belongs to (a category id, "context" ...). */
  label: string;
  terms: Alternative[][];
  /** gaps[j]: how many words may stand between term j-1 and term j (gaps[0] is unused). */
  gaps: number[];
}

export interface PatternMatch {
  label: string;
  source: string;
  /** Index of the first and last word of the match. */
  start: number;
  end: number;
}

/** Lower case, accents and apostrophes dropped, split on anything that is not a letter or digit. */
export function patternWords(text: string): string[] {
  return (
    text
      // Laughing faces mark a joke ("cant breathe 😂"): read them as the word people type for it.
      .replace(/[\u{1F602}\u{1F923}\u{1F606}\u{1F639}\u{1F605}\u{1F604}]/gu, ' lol ')
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/['\u2018\u2019\u02bc`]/g, '')
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w !== '')
  );
}

const WORD = /^[\p{L}\p{N}]+$/u;

/** Phrase choices multiply; past this a pattern is better written as several. */
const MAX_VARIANTS = 200;

/** Optimal string alignment distance, stopped early once it is over 1. */
function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // one letter wrong
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swapped
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function altMatches(alt: Alternative, word: string): boolean {
  switch (alt.kind) {
    case 'word':
      return word === alt.text;
    case 'prefix':
      return word.startsWith(alt.text);
    case 'fuzzy':
      return withinOneEdit(word, alt.text);
    case 'fuzzyPrefix': {
      const n = alt.text.length;
      return [n - 1, n, n + 1].some((k) => k <= word.length && withinOneEdit(word.slice(0, k), alt.text));
    }
    case 'number':
      return /^\d+$/.test(word);
  }
}

/** Compiles the file's patterns once; problems name the pattern and say how to fix it. */
export class PatternSet {
  private readonly patterns: CompiledPattern[] = [];
  /** Exact words to the (pattern, term) places they fill; the rest are checked word by word. */
  private readonly exact = new Map<string, { p: number; j: number }[]>();
  private readonly loose: { alt: Alternative; p: number; j: number }[] = [];
  /**
   * The (pattern, term) places a word fills, last term first so one word never fills two. Remembered
   * per word: the loose alternatives (prefixes, one edit away) are checked one by one.
   */
  private readonly placesOf = rememberedPerWord((word): { p: number; j: number }[] => {
    const places = [...(this.exact.get(word) ?? [])];
    for (const l of this.loose) if (altMatches(l.alt, word)) places.push({ p: l.p, j: l.j });
    return places.sort((x, y) => y.j - x.j);
  });
  /** Where each pattern's terms start in the matching state's arrays, and how many terms in all. */
  private readonly offsets: number[] = [];
  private termCount = 0;
  /**
   * matchAll's state, kept between calls so a message allocates nothing per pattern: per term, the
   * latest word ending a match up to it and where that match started; per pattern, the call that
   * began it and the call that found it (so nothing needs clearing between calls).
   */
  private state = {
    ends: new Int32Array(0),
    starts: new Int32Array(0),
    began: new Int32Array(0),
    done: new Int32Array(0),
  };
  private calls = 0;

  constructor(
    private readonly lists: ReadonlyMap<string, readonly string[]>,
    private readonly defaultGap: number,
  ) {}

  /** Adds one pattern; returns a problem instead when it cannot be read. */
  add(source: string, label: string): PatternProblem | null {
    const variants = this.compile(source, label);
    if ('message' in variants) return variants;
    for (const compiled of variants) {
      const p = this.patterns.length;
      this.patterns.push(compiled);
      this.offsets.push(this.termCount);
      this.termCount += compiled.terms.length;
      compiled.terms.forEach((alts, j) => {
        for (const alt of alts) {
          if (alt.kind === 'word') {
            const places = this.exact.get(alt.text) ?? [];
            places.push({ p, j });
            this.exact.set(alt.text, places);
          } else this.loose.push({ alt, p, j });
        }
      });
    }
    return null;
  }

  get size(): number {
    return this.patterns.length;
  }

  /**
   * A pattern is segments joined by "..."; each segment lists alternatives joined by "|", and an
   * alternative may be several words ("passed out|blacked out"). Single-word alternatives of a
   * segment become one term; each phrase alternative becomes its own variant of the pattern.
   */
  private compile(source: string, label: string): CompiledPattern[] | PatternProblem {
    const tokens = source
      .trim()
      .split(/\s+/)
      .filter((t) => t !== '');
    const segments: { words: string[]; gapBefore: number }[] = [];
    let current: string[] = [];
    let gap = 0;
    for (const token of tokens) {
      const dots = /^\.\.\.(\d*)$/.exec(token);
      if (!dots) {
        current.push(token);
        continue;
      }
      if (current.length === 0)
        return {
          message: `"${source}": "..." must stand between two words`,
          fix: 'put a word on each side of "..."',
        };
      segments.push({ words: current, gapBefore: gap });
      current = [];
      gap = dots[1] === '' ? this.defaultGap : Number(dots[1]);
    }
    if (current.length === 0)
      return tokens.length === 0
        ? { message: 'an empty pattern', fix: 'write at least one word, or remove the line' }
        : { message: `"${source}" ends with "..."`, fix: 'end the pattern with a word' };
    segments.push({ words: current, gapBefore: gap });

    // Each segment's choices: one term of its single words, plus one word sequence per phrase.
    const choices: { terms: Alternative[][] }[][] = [];
    for (const segment of segments) {
      const singles: Alternative[] = [];
      const phrases: { terms: Alternative[][] }[] = [];
      for (const alt of segment.words
        .join(' ')
        .split('|')
        .map((a) => a.trim())) {
        if (alt === '')
          return { message: `"${source}": an empty choice between "|"`, fix: 'remove the extra "|"' };
        const words = alt.split(' ');
        const terms: Alternative[][] = [];
        for (const w of words) {
          const parsed = this.alternative(w, source);
          if ('message' in parsed) return parsed;
          terms.push(parsed);
        }
        if (terms.length === 1) singles.push(...terms[0]);
        else phrases.push({ terms });
      }
      choices.push([...(singles.length > 0 ? [{ terms: [singles] }] : []), ...phrases]);
    }
    let variants: { terms: Alternative[][]; gaps: number[] }[] = [{ terms: [], gaps: [] }];
    choices.forEach((options, s) => {
      const next: { terms: Alternative[][]; gaps: number[] }[] = [];
      for (const v of variants)
        for (const o of options)
          next.push({
            terms: [...v.terms, ...o.terms],
            gaps: [...v.gaps, ...o.terms.map((_, k) => (k === 0 ? segments[s].gapBefore : 0))],
          });
      variants = next;
    });
    if (variants.length > MAX_VARIANTS)
      return {
        message: `"${source}" stands for ${variants.length} word sequences`,
        fix: `split it into several patterns (at most ${MAX_VARIANTS} sequences each)`,
      };
    return variants.map((v) => ({ source, label, terms: v.terms, gaps: v.gaps }));
  }

  private alternative(raw: string, source: string): Alternative[] | PatternProblem {
    const bad = (why: string): PatternProblem => ({
      message: `"${source}": ${why}`,
      fix: 'see the guide at the top of knowledge/signposting.yaml',
    });
    if (raw === '#') return [{ kind: 'number', text: '' }];
    const list = /^<([a-z0-9-]+)>$/.exec(raw);
    if (list) {
      const words = this.lists.get(list[1]);
      if (!words) return bad(`no list named <${list[1]}> in "words"`);
      return words.map((w) => ({ kind: 'word', text: w }));
    }
    const fuzzy = raw.endsWith('~');
    const prefix = (fuzzy ? raw.slice(0, -1) : raw).endsWith('*');
    const bare = raw.slice(0, raw.length - (fuzzy ? 1 : 0) - (prefix ? 1 : 0));
    const norm = patternWords(bare);
    if (norm.length !== 1 || !WORD.test(norm[0]))
      return bad(`"${raw}" is not one word (join words with spaces, alternatives with |)`);
    const text = norm[0];
    if (prefix && text.length < 3) return bad(`"${raw}": a word ending in * needs 3 letters or more`);
    if (fuzzy && text.length < 5) return bad(`"${raw}": a word ending in ~ needs 5 letters or more`);
    const kind = fuzzy ? (prefix ? 'fuzzyPrefix' : 'fuzzy') : prefix ? 'prefix' : 'word';
    return [{ kind, text }];
  }

  /**
   * Every pattern that matches the words, each once, at its first place. For each pattern it keeps,
   * per term, the latest word where the terms up to it matched: the latest is always the best
   * start for the next term, so one pass decides every pattern without backtracking.
   */
  matchAll(words: readonly string[], skip?: ReadonlySet<number>): PatternMatch[] {
    const { ends, starts, began, done } = this.workspace();
    const call = ++this.calls;
    const found: PatternMatch[] = [];
    for (let i = 0; i < words.length; i++) {
      if (skip?.has(i)) continue;
      for (const { p, j } of this.placesOf(words[i])) {
        if (done[p] === call) continue;
        const pattern = this.patterns[p];
        const base = this.offsets[p];
        if (began[p] !== call) {
          // A pattern starts only at its first term: a later term met first (common words fill many
          // places) has nothing to follow, so no state is made for it.
          if (j !== 0) continue;
          began[p] = call;
          ends.fill(-1, base, base + pattern.terms.length);
          starts.fill(-1, base, base + pattern.terms.length);
        }
        if (j === 0) {
          ends[base] = i;
          starts[base] = i;
        } else {
          const prev = ends[base + j - 1];
          if (prev < 0 || prev >= i || i - prev - 1 > pattern.gaps[j]) continue;
          ends[base + j] = i;
          starts[base + j] = starts[base + j - 1];
        }
        if (j === pattern.terms.length - 1) {
          done[p] = call;
          found.push({ label: pattern.label, source: pattern.source, start: starts[base + j], end: i });
        }
      }
    }
    return found.sort((a, b) => a.start - b.start);
  }

  /** matchAll's state, sized to the patterns, its call stamps started again before they overflow. */
  private workspace(): PatternSet['state'] {
    if (this.state.began.length !== this.patterns.length || this.calls >= 2 ** 31 - 2) {
      this.state = {
        ends: new Int32Array(this.termCount),
        starts: new Int32Array(this.termCount),
        began: new Int32Array(this.patterns.length),
        done: new Int32Array(this.patterns.length),
      };
      this.calls = 0;
    }
    return this.state;
  }
}
