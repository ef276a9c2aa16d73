import { readFileSync } from 'node:fs';
import type { Signposter } from '../src/signposting/signposting';

/** One line of test/eval/signposting*.jsonl. */
export interface SignpostCase {
  text: string;
  expected: 'urgent' | 'sensitive' | 'neither';
  group: string;
}

/**
 * Reads a signposting set, or a search question set ({"question", "expected"}), whose questions
 * are all ordinary: written with nothing about anyone in danger, so none should get the card.
 */
export function readSignpostSet(file: string): SignpostCase[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line, i) => {
      const c = JSON.parse(line) as Partial<SignpostCase> & { question?: unknown };
      if (typeof c.question === 'string') return { text: c.question, expected: 'neither', group: 'question' };
      if (typeof c.text !== 'string' || !['urgent', 'sensitive', 'neither'].includes(String(c.expected)))
        throw new Error(`${file}:${i + 1}: needs "text" and "expected" (urgent, sensitive or neither)`);
      return { text: c.text, expected: c.expected as SignpostCase['expected'], group: c.group ?? '' };
    });
}

export interface SignpostMetrics {
  urgent: number;
  others: number;
  /** Urgent messages that got the signposting card. */
  signposted: number;
  /** Non-urgent messages that got the card instead of an answer. */
  blocked: number;
  /** Sensitive messages answered with the support line. */
  sensitiveFlagged: number;
  sensitive: number;
  missed: SignpostCase[];
  wronglyBlocked: SignpostCase[];
}

export function measureSignposting(signposter: Signposter, set: readonly SignpostCase[]): SignpostMetrics {
  const m: SignpostMetrics = {
    urgent: 0,
    others: 0,
    signposted: 0,
    blocked: 0,
    sensitiveFlagged: 0,
    sensitive: 0,
    missed: [],
    wronglyBlocked: [],
  };
  for (const c of set) {
    const outcome = signposter.classify(c.text);
    if (c.expected === 'urgent') {
      m.urgent++;
      if (outcome.kind === 'urgent') m.signposted++;
      else m.missed.push(c);
      continue;
    }
    m.others++;
    if (outcome.kind === 'urgent') {
      m.blocked++;
      m.wronglyBlocked.push(c);
    }
    if (c.expected === 'sensitive') {
      m.sensitive++;
      if (outcome.kind === 'sensitive') m.sensitiveFlagged++;
    }
  }
  return m;
}
