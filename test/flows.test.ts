import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readKnowledge } from '../src/knowledge/loadKnowledge';
import type { FileProblem } from '../src/knowledge/problems';
import { MAX_PROMPT_WORDS, MAX_STEPS, MIN_STEPS, readFlows } from '../src/meetings/readFlows';
import { knowledgeCopyPerTest } from './helpers/knowledgeCopy';

const ROOT = join(__dirname, '..');
const FLOW_IDS = ['driver-diagram', 'equity-check', 'pdsa-review', 'qi-huddle'];

describe('the shipped facilitation flows', () => {
  const problems: FileProblem[] = [];
  const flows = readFlows(join(ROOT, 'knowledge'), (p) => p, problems);

  it('load with no problems, one flow per file, named by the file', () => {
    expect(problems).toEqual([]);
    expect(flows.map((f) => f.id)).toEqual(FLOW_IDS);
    const files = readdirSync(join(ROOT, 'knowledge', 'flows')).filter((f) => f.endsWith('.yaml'));
    expect(files.sort()).toEqual(FLOW_IDS.map((id) => `${id}.yaml`));
  });

  it('are on the Knowledge the bot starts with', () => {
    const loaded = readKnowledge(join(ROOT, 'knowledge'), ROOT);
    expect(loaded.problems.filter((p) => p.file.startsWith('knowledge/flows'))).toEqual([]);
    expect(loaded.knowledge?.flows.map((f) => f.id)).toEqual(FLOW_IDS);
  });

  it.each(FLOW_IDS)('%s keeps to the limits an editor is told about', (id) => {
    const flow = flows.find((f) => f.id === id)!;
    expect(flow.title).not.toBe('');
    expect(flow.summary).not.toBe('');
    expect(flow.source.url).toMatch(/^https:\/\//);
    expect(flow.steps.length).toBeGreaterThanOrEqual(MIN_STEPS);
    expect(flow.steps.length).toBeLessThanOrEqual(MAX_STEPS);
    expect(new Set(flow.steps.map((s) => s.id)).size).toBe(flow.steps.length);
    for (const step of flow.steps) {
      expect(step.prompt.split(' ').length).toBeLessThanOrEqual(MAX_PROMPT_WORDS);
      expect(step.prompt).toMatch(/\?$/);
      expect(step.hint).not.toBe('');
      if (step.input) expect(Object.keys(step.input).sort()).toEqual(['label', 'placeholder']);
    }
  });

  it('start with a comment for the editor', () => {
    for (const id of FLOW_IDS) {
      const text = readFileSync(join(ROOT, 'knowledge', 'flows', `${id}.yaml`), 'utf8');
      expect(text.startsWith('# A facilitation flow')).toBe(true);
      expect(text).toContain('npm run kb:check');
    }
  });

  it('run the Model for Improvement and PDSA in the words of the sources', () => {
    const prompts = (id: string) => flows.find((f) => f.id === id)!.steps.map((s) => s.prompt);
    expect(prompts('qi-huddle')).toEqual(
      expect.arrayContaining([
        'What are we trying to accomplish?',
        'How will we know that a change is an improvement?',
        'What changes can we make that will result in improvement?',
      ]),
    );
    expect(flows.find((f) => f.id === 'pdsa-review')!.steps.map((s) => s.id)).toEqual([
      'plan',
      'do',
      'study',
      'act',
      'next-cycle',
    ]);
  });
});

describe('a bad value in a flow is reported at its line and column', () => {
  const { kb, problems, edit, lineOf } = knowledgeCopyPerTest('flows-');
  const HUDDLE = 'flows/qi-huddle.yaml';
  const at = (needle: string) => `knowledge/${HUDDLE}:${lineOf(HUDDLE, needle)}`;

  it('a prompt that is a list', () => {
    edit(HUDDLE, 'prompt: What is this huddle for today?', 'prompt: [a, list]');
    expect(problems()).toEqual([
      `${at('prompt: [a, list]')}:13: error invalid-field: "steps.0.prompt" must be text (fix: add "prompt: ..." (the question the meeting sees))`,
    ]);
  });

  it('a missing hint, and a misspelt one', () => {
    edit(HUDDLE, '    hint: >-\n      Agree in one sentence', '    hnit: >-\n      Agree in one sentence');
    expect(problems()).toEqual([
      `${at('- id: purpose')}:5: error missing-field: missing field "steps.0.hint" (fix: add "hint: ..." (one or two sentences for the chair))`,
      `${at('hnit:')}:11: error unknown-field: unknown field "hnit" (fix: use only "id", "prompt", "hint", "input")`,
    ]);
  });

  it('a step id used twice', () => {
    edit(HUDDLE, '- id: aim', '- id: purpose');
    const second = lineOf(HUDDLE, 'prompt: What are we trying to accomplish?') - 1;
    expect(problems()).toEqual([
      `knowledge/${HUDDLE}:${second}:9: error duplicate-id: step id "purpose" is used twice (fix: give every step its own id)`,
    ]);
  });

  it('a step id that is not kebab-case', () => {
    edit(HUDDLE, '- id: aim', '- id: Our Aim');
    expect(problems()).toEqual([
      `${at('- id: Our Aim')}:9: error invalid-id: id "Our Aim" is not kebab-case (fix: use lower-case words joined by hyphens)`,
    ]);
  });

  it('a prompt of 40 words', () => {
    const long = `${'very '.repeat(38)}long prompt?`;
    edit(HUDDLE, 'prompt: What are we trying to accomplish?', `prompt: ${long}`);
    expect(problems()).toEqual([
      `${at('very very')}:13: error too-long: "steps.1.prompt" has 40 words (at most ${MAX_PROMPT_WORDS}) (fix: shorten it: the card is read on a phone)`,
    ]);
  });

  it('an unknown field, at the top and in an input box', () => {
    edit(HUDDLE, 'title: QI huddle', 'title: QI huddle\nauthor: someone');
    edit(HUDDLE, '      label: Our aim', '      label: Our aim\n      size: large');
    expect(problems()).toEqual([
      `${at('author: someone')}:9: error unknown-field: unknown field "author" (fix: use only "id", "title", "summary", "steps", "source")`,
      `${at('size: large')}:13: error unknown-field: unknown field "size" (fix: use only "label", "placeholder")`,
    ]);
  });

  it('an input box without its placeholder', () => {
    edit(HUDDLE, '      placeholder: "For example: fewer missed appointments at the Tuesday clinic"\n', '');
    expect(problems()).toEqual([
      `${at('label: Our aim')}:7: error missing-field: missing field "steps.1.input.placeholder" (fix: add "placeholder: ..." (an example answer))`,
    ]);
  });

  it('a source that is not a web address', () => {
    edit(HUDDLE, 'url: https://qi.elft.nhs.uk/how-to-improve', 'url: qi.elft.nhs.uk');
    expect(problems()).toEqual([
      `${at('url: qi.elft')}:8: error bad-url: "qi.elft.nhs.uk" is not an http(s) address (fix: give the full https:// address)`,
    ]);
  });

  it('an id that is not the file name', () => {
    edit(HUDDLE, 'title: QI huddle', 'id: huddle\ntitle: QI huddle');
    expect(problems()).toEqual([
      `${at('id: huddle')}:5: error id-filename: id "huddle" differs from the file name qi-huddle.yaml (fix: leave "id" out, or make it "qi-huddle")`,
    ]);
    edit(HUDDLE, 'id: huddle', 'id: qi-huddle');
    expect(problems()).toEqual([]);
  });

  it('a file name that is not kebab-case', () => {
    renameSync(kb(HUDDLE), kb('flows', 'QI_huddle.yaml'));
    // Reported where the flow's fields start, as for a QI prompt file.
    expect(problems()).toEqual([
      `knowledge/flows/QI_huddle.yaml:${lineOf('flows/QI_huddle.yaml', 'title: QI huddle')}:1: error invalid-id: file name "QI_huddle.yaml" is not kebab-case (fix: rename it with lower-case words joined by hyphens: the file name is the flow id)`,
    ]);
  });

  it('too few and too many steps', () => {
    const step = (i: number) => `  - id: step-${i}\n    prompt: Question ${i}?\n    hint: A hint.\n`;
    const flow = (n: number) =>
      [
        '# A test flow',
        'title: Test',
        'summary: For the test.',
        'steps:',
        Array.from({ length: n }, (_, i) => step(i + 1)).join(''),
        'source:\n  title: A source\n  url: https://example.org/source\n',
      ].join('\n');
    writeFileSync(kb('flows', 'short.yaml'), flow(2));
    writeFileSync(kb('flows', 'long.yaml'), flow(11));
    expect(problems()).toEqual([
      'knowledge/flows/long.yaml:5:3: error step-count: 11 step(s): a flow has 3 to 10 (fix: split the flow in two, or merge steps)',
      'knowledge/flows/short.yaml:5:3: error step-count: 2 step(s): a flow has 3 to 10 (fix: add steps)',
    ]);
    writeFileSync(kb('flows', 'short.yaml'), flow(3));
    writeFileSync(kb('flows', 'long.yaml'), flow(10));
    expect(problems()).toEqual([]);
  });

  it('a YAML syntax error', () => {
    edit(HUDDLE, 'title: QI huddle', 'title: "QI huddle');
    const found = problems();
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((p) => p.startsWith(`knowledge/${HUDDLE}:`) && p.includes('error yaml:'))).toBe(true);
  });

  it('a missing or empty flows folder', () => {
    const expected = [
      'knowledge/flows:1:1: error missing-folder: no facilitation flow files (fix: add knowledge/flows/ with one .yaml file per flow)',
    ];
    rmSync(kb('flows'), { recursive: true });
    expect(problems()).toEqual(expected);
    mkdirSync(kb('flows'));
    writeFileSync(kb('flows', 'README.txt'), 'not a flow');
    expect(problems()).toEqual(expected);
  });

  it('a flow with a fault stops the knowledge from loading', () => {
    edit(HUDDLE, 'prompt: What is this huddle for today?', 'prompt: [a, list]');
    expect(readKnowledge(kb(), join(kb(), '..')).knowledge).toBeUndefined();
  });
});
