import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { FileProblem } from '../knowledge/problems';

/** One line of knowledge/training/*.jsonl: a question and the entry id that answers it, or "none". */
export interface TrainingQuestion {
  question: string;
  expected: string;
  /** The file it came from, relative to the project root. */
  file: string;
}

const SHAPE_FIX = 'write {"question": "...", "expected": "<entry id>"}';

/**
 * Reads knowledge/training/*.jsonl, which teach the search model (npm run train:search). Every bad
 * line is a problem with its file and line, for kb:check to report and the trainer to refuse: a bad
 * line would silently teach the model the wrong thing.
 */
export function readTrainingQuestions(
  dir: string,
  projectRoot: string,
  ids: ReadonlySet<string>,
): { questions: TrainingQuestion[]; problems: FileProblem[] } {
  const questions: TrainingQuestion[] = [];
  const problems: FileProblem[] = [];
  if (!existsSync(dir)) return { questions, problems };
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    const file = relative(projectRoot, join(dir, name)).split('\\').join('/');
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .forEach((text, i) => {
        if (text.trim() === '') return;
        const problem = (code: string, message: string, fix: string): void => {
          problems.push({ file, line: i + 1, col: 1, severity: 'error', code, message, fix });
        };
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          problem('training-line', 'not a JSON object', SHAPE_FIX);
          return;
        }
        const { question, expected } = (parsed ?? {}) as { question?: unknown; expected?: unknown };
        if (typeof question !== 'string' || question.trim() === '' || typeof expected !== 'string')
          problem('training-line', 'needs a non-empty "question" and an "expected" string', SHAPE_FIX);
        else if (expected !== 'none' && !ids.has(expected))
          problem(
            'training-id',
            `"expected" is ${expected}, which is not an entry id`,
            'use an id from knowledge/entries, or "none" for a question the bot must not answer',
          );
        else questions.push({ question, expected, file });
      });
  }
  return { questions, problems };
}

/**
 * The practice questions of each entry, for the search's practice-question likelihood. Off-topic
 * questions teach only the confidence models, so they are left out.
 */
export function examplesByEntry(questions: readonly TrainingQuestion[]): Map<string, string[]> {
  const examples = new Map<string, string[]>();
  for (const q of questions) {
    if (q.expected === 'none') continue;
    const list = examples.get(q.expected);
    if (list) list.push(q.question);
    else examples.set(q.expected, [q.question]);
  }
  return examples;
}
