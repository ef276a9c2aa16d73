import type { SourceRef } from '../knowledge/contentFile';
import { type Token, tokenise } from './tokenise';

/** The coach reads at most this many characters of a draft. */
export const MAX_DRAFT_CHARS = 10_000;
/** The longest phrase a rule may have, in words: it bounds the work done at each word. */
export const MAX_PHRASE_WORDS = 8;
/** The most "all of" lists a strength may have. */
export const MAX_STRENGTH_GROUPS = 4;

export type CoachSource = SourceRef | 'house style';

export interface RuleTests {
  /** Sentences the rule must match. */
  matches: string[];
  /** Sentences the rule must leave alone. */
  ignores: string[];
}

/** A phrase that works against the message, with a better wording and why. */
export interface CoachRule {
  id: string;
  phrases: string[];
  /** The phrase does not count when the next word is one of these. */
  notBefore: string[];
  /** The phrase does not count when the word before it is one of these. */
  notAfter: string[];
  /** Only in the draft's first sentence. */
  openingOnly: boolean;
  /** Longer phrases in which this rule's phrases do not count ("mental health crisis"). */
  except: string[];
  better: string;
  why: string;
  source: CoachSource;
  tests: RuleTests;
}

/** Something a draft does well: found when every list has a phrase in the same sentence. */
export interface CoachStrength {
  id: string;
  says: string;
  why: string;
  source: CoachSource;
  allOf: string[][];
  notBefore: string[];
  notAfter: string[];
  tests: RuleTests;
}

export interface Finding {
  rule: CoachRule;
  /** The words as the draft has them. */
  quote: string;
  times: number;
}

export interface CoachResult {
  findings: Finding[];
  strengths: CoachStrength[];
  /** Characters read: the whole draft, or the first MAX_DRAFT_CHARS. */
  checkedChars: number;
  truncated: boolean;
  /** Trie steps taken: grows linearly with the draft (tests and the benchmark read it). */
  work: number;
}

export interface Coach {
  readonly rules: readonly CoachRule[];
  readonly strengths: readonly CoachStrength[];
  check(draft: string): CoachResult;
}

type WordPattern =
  | { kind: 'word'; word: string }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'number' }
  | { kind: 'percent' };

/**
 * Reads a phrase as written in coach-rules.yaml: words separated by spaces, matched whole and
 * case-insensitively; `word*` matches any word starting with "word"; `{number}` any number and
 * `{percent}` a number with %. Punctuation inside a piece splits it like the draft is split.
 */
export function parsePhrase(phrase: string): { patterns: WordPattern[] } | { error: string } {
  const patterns: WordPattern[] = [];
  for (const piece of phrase.trim().split(/\s+/)) {
    if (piece === '{number}') patterns.push({ kind: 'number' });
    else if (piece === '{percent}') patterns.push({ kind: 'percent' });
    else if (piece.includes('{') || piece.includes('}'))
      return { error: `"${piece}" is not {number} or {percent}` };
    else {
      const star = piece.endsWith('*');
      const tokens = tokenise(star ? piece.slice(0, -1) : piece);
      if (tokens.length === 0) continue;
      if (tokens.some((t) => t.sentence > 0)) return { error: 'a phrase cannot contain . ! ? ; or :' };
      tokens.forEach((t, i) => {
        if (star && i === tokens.length - 1) patterns.push({ kind: 'prefix', prefix: t.norm });
        else patterns.push({ kind: 'word', word: t.norm });
      });
      const last = patterns[patterns.length - 1];
      if (star && last.kind === 'prefix' && last.prefix.length < 3)
        return { error: `"${piece}": a word ending in * needs at least 3 letters before the *` };
    }
  }
  if (patterns.length === 0) return { error: 'the phrase has no words' };
  if (patterns.length > MAX_PHRASE_WORDS)
    return { error: `the phrase has ${patterns.length} words (at most ${MAX_PHRASE_WORDS})` };
  return { patterns };
}

const wordMatches = (p: WordPattern, t: Token): boolean =>
  p.kind === 'word'
    ? t.norm === p.word
    : p.kind === 'prefix'
      ? t.norm.startsWith(p.prefix)
      : p.kind === 'number'
        ? t.isNumber
        : t.isPercent;

type End =
  | { kind: 'rule'; index: number; length: number }
  | { kind: 'except'; index: number; length: number }
  | { kind: 'strength'; index: number; group: number; length: number };

interface TrieNode {
  exact: Map<string, TrieNode>;
  prefixes: [string, TrieNode][];
  number?: TrieNode;
  percent?: TrieNode;
  ends: End[];
}

/** Between two phrases of the same length: an exception first, then the rule listed first. */
const outranks = (a: { kind: string; index: number }, b: { kind: string; index: number }): boolean =>
  a.kind !== b.kind ? a.kind === 'except' : a.index < b.index;

const newNode = (): TrieNode => ({ exact: new Map(), prefixes: [], ends: [] });

function childFor(node: TrieNode, p: WordPattern): TrieNode {
  if (p.kind === 'word') {
    const child = node.exact.get(p.word) ?? newNode();
    node.exact.set(p.word, child);
    return child;
  }
  if (p.kind === 'prefix') {
    const found = node.prefixes.find(([prefix]) => prefix === p.prefix);
    if (found) return found[1];
    const child = newNode();
    node.prefixes.push([p.prefix, child]);
    return child;
  }
  if (p.kind === 'number') {
    node.number = node.number ?? newNode();
    return node.number;
  }
  node.percent = node.percent ?? newNode();
  return node.percent;
}

interface Guards {
  notBefore: WordPattern[];
  notAfter: WordPattern[];
}

function guardPatterns(words: readonly string[]): WordPattern[] {
  const out: WordPattern[] = [];
  for (const w of words) {
    const parsed = parsePhrase(w);
    if ('patterns' in parsed && parsed.patterns.length === 1) out.push(parsed.patterns[0]);
  }
  return out;
}

/**
 * Compiles every rule and strength into one word trie. Checking a draft is then a single pass
 * over its words: at each word the trie is walked for at most MAX_PHRASE_WORDS steps, so the work
 * grows linearly with the draft whatever it contains (no regular expressions, no backtracking).
 * Phrases are assumed valid (the loader reports invalid ones and leaves them out).
 */
export function compileCoach(rules: readonly CoachRule[], strengths: readonly CoachStrength[]): Coach {
  const root = newNode();
  const add = (phrase: string, end: (length: number) => End): void => {
    const parsed = parsePhrase(phrase);
    if (!('patterns' in parsed)) return;
    let node = root;
    for (const p of parsed.patterns) node = childFor(node, p);
    node.ends.push(end(parsed.patterns.length));
  };
  rules.forEach((rule, index) => {
    for (const phrase of rule.phrases) add(phrase, (length) => ({ kind: 'rule', index, length }));
    for (const phrase of rule.except) add(phrase, (length) => ({ kind: 'except', index, length }));
  });
  strengths.forEach((strength, index) => {
    strength.allOf.forEach((group, g) => {
      for (const phrase of group) add(phrase, (length) => ({ kind: 'strength', index, group: g, length }));
    });
  });
  const ruleGuards: Guards[] = rules.map((r) => ({
    notBefore: guardPatterns(r.notBefore),
    notAfter: guardPatterns(r.notAfter),
  }));
  const strengthGuards: Guards[] = strengths.map((s) => ({
    notBefore: guardPatterns(s.notBefore),
    notAfter: guardPatterns(s.notAfter),
  }));

  const check = (draft: string): CoachResult => {
    const truncated = draft.length > MAX_DRAFT_CHARS;
    const text = truncated ? draft.slice(0, MAX_DRAFT_CHARS) : draft;
    const tokens = tokenise(text);
    const n = tokens.length;
    let work = 0;

    const guardsAllow = (g: Guards, i: number, length: number): boolean => {
      const before = tokens[i - 1];
      if (before && before.sentence === tokens[i].sentence && g.notAfter.some((p) => wordMatches(p, before)))
        return false;
      const after = tokens[i + length];
      if (after && after.sentence === tokens[i].sentence && g.notBefore.some((p) => wordMatches(p, after)))
        return false;
      return true;
    };

    const findings = new Map<string, Finding>();
    const strengthSentence = new Array<number>(strengths.length).fill(-1);
    const strengthMask = new Array<number>(strengths.length).fill(0);
    const strengthFound = new Array<boolean>(strengths.length).fill(false);
    // Findings never overlap: after one, matching resumes at the word after it.
    let coveredUntil = 0;
    const ends: End[] = [];

    for (let i = 0; i < n; i++) {
      ends.length = 0;
      let frontier: TrieNode[] = [root];
      for (let length = 1; length <= MAX_PHRASE_WORDS && i + length - 1 < n; length++) {
        const t = tokens[i + length - 1];
        if (t.sentence !== tokens[i].sentence) break;
        const next: TrieNode[] = [];
        for (const node of frontier) {
          work++;
          const exact = node.exact.get(t.norm);
          if (exact) next.push(exact);
          for (const [prefix, child] of node.prefixes) if (t.norm.startsWith(prefix)) next.push(child);
          if (t.isNumber && node.number) next.push(node.number);
          if (t.isPercent && node.percent) next.push(node.percent);
        }
        if (next.length === 0) break;
        for (const node of next) for (const end of node.ends) ends.push(end);
        frontier = next;
      }
      if (ends.length === 0) continue;

      // Leftmost-longest: the longest phrase starting here wins; an exception beats a rule of the
      // same length and covers its words, so no rule can match inside it.
      let best: Extract<End, { kind: 'rule' | 'except' }> | undefined;
      for (const end of ends) {
        if (end.kind === 'strength') {
          if (strengthFound[end.index] || !guardsAllow(strengthGuards[end.index], i, end.length)) continue;
          const sentence = tokens[i].sentence;
          if (strengthSentence[end.index] !== sentence) {
            strengthSentence[end.index] = sentence;
            strengthMask[end.index] = 0;
          }
          strengthMask[end.index] |= 1 << end.group;
          if (strengthMask[end.index] === (1 << strengths[end.index].allOf.length) - 1)
            strengthFound[end.index] = true;
          continue;
        }
        if (i < coveredUntil) continue;
        if (end.kind === 'rule') {
          if (rules[end.index].openingOnly && tokens[i].sentence !== 0) continue;
          if (!guardsAllow(ruleGuards[end.index], i, end.length)) continue;
        }
        if (!best || end.length > best.length || (end.length === best.length && outranks(end, best)))
          best = end;
      }
      if (!best) continue;
      coveredUntil = i + best.length;
      if (best.kind === 'except') continue;
      const last = tokens[i + best.length - 1];
      const key = `${best.index}|${tokens
        .slice(i, i + best.length)
        .map((t) => t.norm)
        .join(' ')}`;
      const seen = findings.get(key);
      if (seen) seen.times++;
      else
        findings.set(key, {
          rule: rules[best.index],
          quote: text.slice(tokens[i].start, last.end),
          times: 1,
        });
    }

    return {
      findings: [...findings.values()],
      strengths: strengths.filter((_s, i) => strengthFound[i]),
      checkedChars: text.length,
      truncated,
      work,
    };
  };

  return { rules, strengths, check };
}

/** Runs each rule's and strength's own test sentences; returns what failed, for the loader. */
export function failingTests(coach: Coach): {
  kind: 'rule' | 'strength';
  index: number;
  test: 'matches' | 'ignores';
  item: number;
  sentence: string;
}[] {
  const failures: ReturnType<typeof failingTests> = [];
  coach.rules.forEach((rule, index) => {
    const hits = (s: string): boolean => coach.check(s).findings.some((f) => f.rule === rule);
    rule.tests.matches.forEach((sentence, item) => {
      if (!hits(sentence)) failures.push({ kind: 'rule', index, test: 'matches', item, sentence });
    });
    rule.tests.ignores.forEach((sentence, item) => {
      if (hits(sentence)) failures.push({ kind: 'rule', index, test: 'ignores', item, sentence });
    });
  });
  coach.strengths.forEach((strength, index) => {
    const hits = (s: string): boolean => coach.check(s).strengths.includes(strength);
    strength.tests.matches.forEach((sentence, item) => {
      if (!hits(sentence)) failures.push({ kind: 'strength', index, test: 'matches', item, sentence });
    });
    strength.tests.ignores.forEach((sentence, item) => {
      if (hits(sentence)) failures.push({ kind: 'strength', index, test: 'ignores', item, sentence });
    });
  });
  return failures;
}
