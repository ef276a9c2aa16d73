import { join } from 'node:path';
import { z } from 'zod';
import { fields, kebabId, listOf, optionalText, sourceRef, text } from '../knowledge/contentFields';
import type { ContentFile } from '../knowledge/contentFile';
import { readContentFolder } from '../knowledge/contentFolder';
import { claimedId } from '../knowledge/contentRefs';
import type { FileProblem } from '../knowledge/problems';
import { checkWith } from '../knowledge/schemaCheck';
import type { Flow, FlowStep } from './flows';

/** Where the flows live under knowledge/: one <id>.yaml file per flow. */
export const FLOWS_DIR = 'flows';
export const MIN_STEPS = 3;
export const MAX_STEPS = 10;
export const MAX_PROMPT_WORDS = 25;

// Steps are checked one by one, so a fault in one does not hide the faults of the others.
const flowSchema = fields({
  id: optionalText('leave "id" out (the file name is the id), or make it the file name'),
  title: text('add "title: ..." (the flow\'s name)', { maxChars: 60 }),
  summary: text('add "summary: ..." saying in one line what the flow is for', { maxWords: 30 }),
  steps: listOf(z.unknown(), `add "steps:" with ${MIN_STEPS} to ${MAX_STEPS} steps`),
  source: sourceRef,
});

const stepSchema = fields({
  id: kebabId('add "id: kebab-case-id", unique in the flow'),
  prompt: text('add "prompt: ..." (the question the meeting sees)', { maxWords: MAX_PROMPT_WORDS }),
  hint: text('add "hint: ..." (one or two sentences for the chair)', { maxWords: 60 }),
  input: fields(
    {
      label: text('add "label: ..." (what the box is for)', { maxChars: 60 }),
      placeholder: text('add "placeholder: ..." (an example answer)', { maxChars: 120 }),
    },
    'add "label:" and "placeholder:" under it, or remove "input:"',
  ).optional(),
});

function readStep(file: ContentFile, index: number, seen: Set<string>): FlowStep | undefined {
  const at = ['steps', index];
  const step = checkWith(file, stepSchema, at);
  const id = step?.id ?? claimedId(file.get([...at, 'id']));
  if (id !== undefined && seen.has(id))
    file.error([...at, 'id'], 'duplicate-id', `step id "${id}" is used twice`, 'give every step its own id');
  if (id !== undefined) seen.add(id);
  if (!step) return undefined;
  const { input, ...rest } = step;
  return input ? { ...rest, input } : rest;
}

function readFlow(file: ContentFile, id: string): Flow | undefined {
  const flow = checkWith(file, flowSchema);
  if (flow?.id !== undefined && flow.id !== id)
    file.error(
      ['id'],
      'id-filename',
      `id "${flow.id}" differs from the file name ${id}.yaml`,
      `leave "id" out, or make it "${id}"`,
    );
  const count = file.itemCount(['steps']);
  if (Array.isArray(file.get(['steps'])) && (count < MIN_STEPS || count > MAX_STEPS))
    file.error(
      ['steps'],
      'step-count',
      `${count} step(s): a flow has ${MIN_STEPS} to ${MAX_STEPS}`,
      count < MIN_STEPS ? 'add steps' : 'split the flow in two, or merge steps',
    );
  const seen = new Set<string>();
  const steps = Array.from({ length: count }, (_, i) => readStep(file, i, seen));
  if (!flow) return undefined;
  return {
    id,
    title: flow.title,
    summary: flow.summary,
    steps: steps.filter((s) => s !== undefined),
    source: flow.source,
  };
}

/**
 * Reads every knowledge/flows/*.yaml (one facilitation flow each; the file name is the flow's id),
 * checking each against its schema: step ids unique, 3 to 10 steps, prompts of at most 25 words.
 * Problems go into `problems` at the line and column of the bad value; only flows without any
 * fault are returned.
 */
export function readFlows(dir: string, display: (path: string) => string, problems: FileProblem[]): Flow[] {
  const { files } = readContentFolder(join(dir, FLOWS_DIR), display, problems, {
    none: 'no facilitation flow files',
    missingFix: 'add knowledge/flows/ with one .yaml file per flow',
    idFix: 'rename it with lower-case words joined by hyphens: the file name is the flow id',
  });
  const flows: Flow[] = [];
  for (const { id, file, problemsBefore } of files) {
    const flow = readFlow(file, id);
    if (flow && problems.length === problemsBefore) flows.push(flow);
  }
  return flows;
}
