import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContentFile } from '../knowledge/contentFile';
import type { FileProblem } from '../knowledge/loadKnowledge';
import {
  buildSignposter,
  checkSignpostExamples,
  type SignpostCategory,
  type SignpostContent,
  type Signposter,
} from './signposting';
import type { UrgencyExample } from './urgencyModel';

const FIX = 'see the guide at the top of knowledge/signposting.yaml';

/** Labelled messages the learnt part of signposting is trained on, next to signposting.yaml. */
export const EXAMPLES_FILE = 'signposting-examples.jsonl';

function readNumber(file: ContentFile, path: (string | number)[], fallback: number): number {
  const value = file.get(path) ?? fallback;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  file.error(path, 'invalid-field', `"${path.join('.')}" must be a number`, 'write a number, for example 12');
  return fallback;
}

/** One {"text", "expected"} object a line; expected is urgent, sensitive or neither. */
function readExamples(
  path: string,
  display: (path: string) => string,
  problems: FileProblem[],
): UrgencyExample[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const out: UrgencyExample[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const problem = (message: string) =>
      problems.push({
        file: display(path),
        line: i + 1,
        col: 1,
        severity: 'error',
        code: 'signpost-example-line',
        message,
        fix: 'write {"text": "...", "expected": "urgent"} (or "sensitive", "neither") on each line',
      });
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problem('not valid JSON');
      return;
    }
    const { text: message, expected } = (value ?? {}) as { text?: unknown; expected?: unknown };
    if (typeof message !== 'string' || message.trim() === '') problem('needs "text"');
    else if (expected !== 'urgent' && expected !== 'sensitive' && expected !== 'neither')
      problem('"expected" must be urgent, sensitive or neither');
    else out.push({ text: message, urgent: expected === 'urgent' });
  });
  return out;
}

function readCategories(file: ContentFile, section: 'urgent' | 'topics'): SignpostCategory[] {
  const count = file.listLength([section], 'categories (id, patterns, examples)', FIX);
  const out: SignpostCategory[] = [];
  for (let i = 0; i < count; i++) {
    file.unknownFields([section, i], ['id', 'patterns', 'examples']);
    out.push({
      id: file.id([section, i, 'id'], 'give the category a kebab-case id'),
      patterns: file.textList([section, i, 'patterns'], { required: true, fix: FIX }),
      examples: file.textList([section, i, 'examples'], {
        required: true,
        fix: 'add at least one message this category must catch',
      }),
    });
  }
  return out;
}

function readGroup(file: ContentFile, section: 'sensitive' | 'context' | 'figurative') {
  file.unknownFields([section], ['patterns', 'examples']);
  return {
    patterns: file.textList([section, 'patterns'], { required: true, fix: FIX }),
    examples: file.textList([section, 'examples'], {
      required: true,
      fix: 'add at least one example message',
    }),
  };
}

function readWords(file: ContentFile): Record<string, string[]> {
  const value = file.get(['words']);
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    file.error(['words'], 'invalid-field', '"words" must be named lists of words', FIX);
    return {};
  }
  const out: Record<string, string[]> = {};
  for (const name of Object.keys(value)) {
    if (!/^[a-z0-9-]+$/.test(name))
      file.error(
        ['words', name],
        'invalid-id',
        `list name "${name}" is not lower-case`,
        'use lower-case letters',
      );
    out[name] = file.textList(['words', name], { required: true, fix: 'list at least one word' });
  }
  return out;
}

/**
 * Reads and checks knowledge/signposting.yaml: its shape, every pattern, and every example sentence
 * (each must come out as its section says). Returns no signposter when anything is wrong, so the
 * service never starts with a signposting file it cannot trust.
 */
export function readSignposting(dir: string, display: (path: string) => string, problems: FileProblem[]) {
  const path = join(dir, 'signposting.yaml');
  const file = ContentFile.read(path, display(path), problems);
  if (!file) return undefined;
  const before = problems.length;
  file.unknownFields(
    [],
    [
      'gap',
      'words',
      'urgent',
      'topics',
      'sensitive',
      'context',
      'figurative',
      'hypothetical',
      'model',
      'card',
      'supportLine',
    ],
  );
  const gap = file.get(['gap']) ?? 3;
  if (typeof gap !== 'number' || !Number.isInteger(gap) || gap < 0 || gap > 10)
    file.error(
      ['gap'],
      'invalid-field',
      '"gap" must be a whole number from 0 to 10',
      'write for example "gap: 3"',
    );
  const contacts = file.listLength(['card', 'contacts'], 'contacts (label, text, url)', FIX);
  const content: SignpostContent = {
    gap: typeof gap === 'number' ? gap : 3,
    words: readWords(file),
    urgent: readCategories(file, 'urgent'),
    topics: readCategories(file, 'topics'),
    sensitive: readGroup(file, 'sensitive'),
    context: readGroup(file, 'context'),
    figurative: readGroup(file, 'figurative'),
    hypothetical: {
      patterns: file.textList(['hypothetical', 'patterns'], { required: true, fix: FIX }),
      present: file.textList(['hypothetical', 'present'], { required: true, fix: FIX }),
      examples: file.textList(['hypothetical', 'examples'], {
        required: true,
        fix: 'add at least one example message',
      }),
    },
    model: {
      threshold: readNumber(file, ['model', 'threshold'], 12),
      overrideSensitive: readNumber(file, ['model', 'overrideSensitive'], 30),
      veto: readNumber(file, ['model', 'veto'], -5),
      happeningNow: file.textList(['model', 'happeningNow'], { required: true, fix: FIX }),
    },
    card: {
      title: file.text(['card', 'title'], { maxChars: 60, fix: 'give the card a short title' }),
      intro: file.text(['card', 'intro'], { fix: 'say in a sentence why the card is shown' }),
      contacts: Array.from({ length: contacts }, (_, i) => {
        file.unknownFields(['card', 'contacts', i], ['label', 'text', 'url']);
        const url = file.optionalText(['card', 'contacts', i, 'url'], 'a tel: or https:// address');
        if (url !== undefined && !/^(tel:\+?\d+|https:\/\/\S+)$/.test(url))
          file.error(
            ['card', 'contacts', i, 'url'],
            'bad-url',
            `"${url}" is not a tel: or https:// address`,
            FIX,
          );
        return {
          label: file.text(['card', 'contacts', i, 'label'], { fix: 'name who to contact' }),
          text: file.text(['card', 'contacts', i, 'text'], { fix: 'say how to reach them' }),
          ...(url !== undefined ? { url } : {}),
        };
      }),
      footer: file.text(['card', 'footer'], { fix: 'say what the bot kept' }),
    },
    supportLine: file.text(['supportLine'], { fix: 'one sentence of support contacts for sensitive topics' }),
  };
  if (problems.length > before) return undefined;

  const examples = readExamples(join(dir, EXAMPLES_FILE), display, problems);
  if (problems.length > before) return undefined;
  const { signposter, problems: patternProblems } = buildSignposter(content, examples);
  for (const p of patternProblems) file.error(p.path, 'bad-pattern', p.message, p.fix);
  if (patternProblems.length > 0) return undefined;
  for (const f of checkSignpostExamples(signposter))
    file.error(
      f.path,
      'signpost-example',
      `"${f.sentence}" should be ${f.expected} but is ${f.got}`,
      'change the patterns (or the example) until it comes out as its section says',
    );
  return problems.length > before ? undefined : (signposter as Signposter);
}
