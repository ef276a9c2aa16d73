import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContentFile } from '../knowledge/contentFile';
import type { FileProblem } from '../knowledge/problems';
import { checkWith } from '../knowledge/schemaCheck';
import { buildSignposter, checkSignpostExamples, type SignpostContent, type Signposter } from './signposting';
import { signpostingSchema } from './signpostingSchema';
import type { UrgencyExample } from './urgencyModel';

/** Labelled messages the learnt part of signposting is trained on, next to signposting.yaml. */
export const EXAMPLES_FILE = 'signposting-examples.jsonl';
/**
 * Everyday messages in which no one is in danger, written as partners chat (a greeting, an
 * apology, their day around the question): a second model learns from them too, for messages the
 * patterns leave alone (signposting.ts).
 */
export const EVERYDAY_FILE = 'signposting-ordinary.jsonl';

const LABELS = ['urgent', 'sensitive', 'neither'] as const;

/** One {"text", "expected"} object a line; expected is one of `allowed`. */
function readExamples(
  path: string,
  display: (path: string) => string,
  problems: FileProblem[],
  allowed: readonly (typeof LABELS)[number][] = LABELS,
): UrgencyExample[] {
  // "urgent, sensitive or neither"; and for the fix, the labels after the first: ' (or "sensitive", "neither")'.
  const oneOf = allowed.length === 1 ? allowed[0] : `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`;
  const others =
    allowed.length === 1
      ? ''
      : ` (or ${allowed
          .slice(1)
          .map((a) => `"${a}"`)
          .join(', ')})`;
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
        fix: `write {"text": "...", "expected": "${allowed[0]}"}${others} on each line`,
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
    else if (!allowed.some((a) => a === expected)) problem(`"expected" must be ${oneOf}`);
    else out.push({ text: message, urgent: expected === 'urgent' });
  });
  return out;
}

/**
 * The questions of a folder of question files (knowledge/training: the search's training questions,
 * written with nothing about anyone in danger), or undefined when there is no such folder. The
 * caller reads them, so that the folder is read once for the search and signposting alike.
 */
export type QuestionsIn = (folder: string) => readonly string[] | undefined;

function ordinaryQuestions(
  folder: string | undefined,
  questionsIn: QuestionsIn,
  file: ContentFile,
): readonly string[] {
  if (folder === undefined) return [];
  const questions = questionsIn(folder);
  if (questions) return questions;
  file.error(
    ['model', 'ordinaryQuestions'],
    'missing-folder',
    `there is no folder "${folder}" in the knowledge folder`,
    'name a folder of question files, or leave "ordinaryQuestions" out',
  );
  return [];
}

/**
 * Reads and checks knowledge/signposting.yaml: its shape, every pattern, and every example sentence
 * (each must come out as its section says). Returns no signposter when anything is wrong, so the
 * service never starts with a signposting file it cannot trust.
 */
export function readSignposting(
  dir: string,
  display: (path: string) => string,
  problems: FileProblem[],
  questionsIn: QuestionsIn,
  social?: (text: string) => boolean,
) {
  const path = join(dir, 'signposting.yaml');
  const file = ContentFile.read(path, display(path), problems);
  if (!file) return undefined;
  const before = problems.length;
  const content: SignpostContent | undefined = checkWith(file, signpostingSchema);
  if (!content) return undefined;

  const examples = readExamples(join(dir, EXAMPLES_FILE), display, problems);
  const everyday = readExamples(join(dir, EVERYDAY_FILE), display, problems, ['neither']);
  if (problems.length > before) return undefined;
  const ordinary = ordinaryQuestions(content.model.ordinaryQuestions, questionsIn, file);
  const { signposter, problems: patternProblems } = buildSignposter(
    content,
    examples,
    ordinary,
    everyday.map((e) => e.text),
    social,
  );
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
