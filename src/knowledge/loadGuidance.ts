import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Coach,
  type CoachRule,
  type CoachSource,
  type CoachStrength,
  compileCoach,
  failingTests,
  MAX_STRENGTH_GROUPS,
  parsePhrase,
  type RuleTests,
} from '../coach/coach';
import { buildTips, type FramingTip, type FramingTips } from '../framing/tips';
import {
  buildQiPrompts,
  normaliseTopicWords,
  type QiPrompt,
  type QiPrompts,
  type QiTopic,
} from '../qi/prompts';
import { ContentFile, type SourceRef, type YamlPath } from './contentFile';
import type { KnowledgeEntry } from './entry';
import { ID_PATTERN } from './formats';
import type { FileProblem } from './loadKnowledge';

/** QI prompts, framing tips and the framing coach: content beside the entries. */
export interface Guidance {
  prompts: QiPrompts;
  tips: FramingTips;
  coach: Coach;
  /** Entry id behind the coach card's "Learn more" button. */
  coachLearnMore: string;
}

/** Where each piece lives under knowledge/. */
export const GUIDANCE_FILES = {
  promptsDir: 'prompts',
  tips: 'tips.yaml',
  coach: 'coach-rules.yaml',
} as const;

const HOUSE_STYLE = 'house style';
const TOPIC_FIELDS = ['title', 'words', 'next', 'ask', 'prompts'] as const;
const PROMPT_FIELDS = ['id', 'question', 'why', 'example', 'ask'] as const;
const TIP_FIELDS = ['id', 'title', 'do', 'instead', 'why', 'source', 'ask'] as const;
const RULE_FIELDS = [
  'id',
  'phrases',
  'except',
  'not_before',
  'not_after',
  'where',
  'better',
  'why',
  'source',
  'tests',
];
const STRENGTH_FIELDS = ['id', 'says', 'why', 'source', 'all_of', 'not_before', 'not_after', 'tests'];

type Display = (file: string) => string;
type EntryIds = ReadonlyMap<string, KnowledgeEntry>;

/** Resolves an `ask:` entry id (or alias) to the entry's id, reporting an unknown one. */
function askId(file: ContentFile, path: YamlPath, value: string, byId: EntryIds): string {
  const entry = byId.get(value);
  if (!entry) {
    file.error(path, 'unknown-ask', `entry id "${value}" does not exist`, 'use an id from knowledge/entries');
    return '';
  }
  return entry.id;
}

/** The `sources:` map at the top of a file: short keys for sources used many times. */
function readSources(file: ContentFile): Map<string, SourceRef> {
  const sources = new Map<string, SourceRef>();
  const raw = file.get(['sources']);
  if (raw === undefined) return sources;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    file.error(
      ['sources'],
      'invalid-field',
      '"sources" must map short names to {title, url}',
      'see the comment at the top of the file',
    );
    return sources;
  }
  for (const key of Object.keys(raw)) {
    const source = file.source(['sources', key]);
    if (source) sources.set(key, source);
  }
  return sources;
}

function readSource(
  file: ContentFile,
  path: YamlPath,
  sources: Map<string, SourceRef>,
  allowHouseStyle: boolean,
): CoachSource | undefined {
  const value = file.get(path);
  if (typeof value === 'string') {
    if (allowHouseStyle && value.trim() === HOUSE_STYLE) return HOUSE_STYLE;
    const found = sources.get(value.trim());
    if (!found)
      file.error(
        path,
        'unknown-source',
        `source "${value}" is not listed under "sources"`,
        allowHouseStyle
          ? `use a name from "sources", or "${HOUSE_STYLE}" for advice the Health Foundation guidance does not give`
          : 'use a name from "sources" at the top of the file',
      );
    return found;
  }
  if (value === undefined || value === null) {
    file.error(path, 'missing-field', `missing field "${path.join('.')}"`, 'name the source');
    return undefined;
  }
  return file.source(path);
}

function readPromptTopics(dir: string, display: Display, byId: EntryIds, problems: FileProblem[]): QiTopic[] {
  const promptsDir = join(dir, GUIDANCE_FILES.promptsDir);
  let names: string[];
  try {
    names = readdirSync(promptsDir)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
  } catch {
    names = [];
  }
  if (names.length === 0) {
    problems.push({
      file: display(promptsDir),
      line: 1,
      col: 1,
      severity: 'error',
      code: 'missing-folder',
      message: 'no QI prompt files',
      fix: 'add knowledge/prompts/ with one .yaml file per topic',
    });
    return [];
  }
  const topics: QiTopic[] = [];
  const files = new Map<QiTopic, ContentFile>();
  const promptIds = new Map<string, string>();
  const wordOwners = new Map<string, string>();
  for (const name of names) {
    const file = ContentFile.read(join(promptsDir, name), display(join(promptsDir, name)), problems);
    if (!file) continue;
    const id = name.replace(/\.yaml$/, '');
    if (!ID_PATTERN.test(id)) {
      file.error(
        [],
        'invalid-id',
        `file name "${name}" is not kebab-case`,
        'rename it with lower-case words joined by hyphens',
      );
      continue;
    }
    file.unknownFields([], TOPIC_FIELDS);
    const title = file.text(['title'], { maxChars: 40, fix: 'add "title: ..." shown above each prompt' });
    const words = file.textList(['words'], {
      required: true,
      fix: 'list what people type after "qi", e.g. [fishbone, ishikawa]',
    });
    words.forEach((w, i) => {
      const key = normaliseTopicWords(w);
      const owner = wordOwners.get(key);
      if (key === '') file.error(['words', i], 'invalid-field', `"${w}" has no letters`, 'use words');
      else if (owner)
        file.error(
          ['words', i],
          'duplicate-words',
          `"${w}" is also a word of ${owner}`,
          'give each topic its own words',
        );
      else wordOwners.set(key, file.display);
    });
    const next = file.optionalText(['next'], 'name another topic (a file name without .yaml)');
    const defaultAsk = file.optionalText(['ask'], 'give a knowledge entry id');
    const topicAsk = defaultAsk ? askId(file, ['ask'], defaultAsk, byId) : undefined;
    const count = file.listLength(['prompts'], 'prompts', 'add "prompts:" with at least two prompts');
    if (count === 1)
      file.error(
        ['prompts'],
        'few-prompts',
        'only one prompt',
        'add another, so "Another one" has somewhere to go',
      );
    const prompts: QiPrompt[] = [];
    for (let i = 0; i < count; i++) {
      const at = ['prompts', i];
      file.unknownFields(at, PROMPT_FIELDS);
      const pid = file.id([...at, 'id'], 'add "id: kebab-case-id", unique across all prompt files');
      if (pid !== '') {
        const other = promptIds.get(pid);
        if (other)
          file.error(
            [...at, 'id'],
            'duplicate-id',
            `prompt id "${pid}" is also used in ${other}`,
            'give every prompt its own id',
          );
        promptIds.set(pid, file.display);
      }
      const question = file.text([...at, 'question'], { maxChars: 150, fix: 'add "question: ..."' });
      const why = file.text([...at, 'why'], {
        maxWords: 50,
        fix: 'add "why: ..." saying why the question helps',
      });
      const example = file.text([...at, 'example'], {
        maxWords: 50,
        fix: 'add "example: ..." with a short example',
      });
      const rawAsk = file.optionalText([...at, 'ask'], 'give a knowledge entry id');
      const ask = rawAsk ? askId(file, [...at, 'ask'], rawAsk, byId) : topicAsk;
      if (ask === undefined)
        file.error(
          [...at],
          'missing-field',
          'missing field "ask"',
          'give the id of the entry that explains the tool (here or for the whole file)',
        );
      prompts.push({ id: pid, topic: id, question, why, example, ask: ask ?? '' });
    }
    const topic: QiTopic = { id, title, words, next, prompts };
    topics.push(topic);
    files.set(topic, file);
  }
  const ids = new Set(topics.map((t) => t.id));
  for (const topic of topics)
    if (topic.next !== undefined && !ids.has(topic.next))
      files
        .get(topic)!
        .error(
          ['next'],
          'unknown-topic',
          `next topic "${topic.next}" does not exist`,
          'use a file name from knowledge/prompts/ without .yaml',
        );
  return topics;
}

function readTips(dir: string, display: Display, byId: EntryIds, problems: FileProblem[]): FramingTip[] {
  const path = join(dir, GUIDANCE_FILES.tips);
  const file = ContentFile.read(path, display(path), problems);
  if (!file) return [];
  file.unknownFields([], ['sources', 'tips']);
  const sources = readSources(file);
  const count = file.listLength(['tips'], 'tips', 'add "tips:" with at least two tips');
  if (count === 1)
    file.error(['tips'], 'few-tips', 'only one tip', 'add another, so "Another one" has somewhere to go');
  const tips: FramingTip[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const at = ['tips', i];
    file.unknownFields(at, TIP_FIELDS);
    const id = file.id([...at, 'id'], 'add "id: kebab-case-id"');
    if (id !== '' && seen.has(id))
      file.error([...at, 'id'], 'duplicate-id', `tip id "${id}" is used twice`, 'give every tip its own id');
    seen.add(id);
    const title = file.text([...at, 'title'], { maxChars: 60, fix: 'add "title: ..." (a short heading)' });
    const doText = file.text([...at, 'do'], { maxWords: 45, fix: 'add "do: ..." saying what to do' });
    const instead = file.text([...at, 'instead'], {
      maxWords: 45,
      fix: 'add "instead: ..." saying what to avoid',
    });
    const why = file.text([...at, 'why'], { maxWords: 50, fix: 'add "why: ..." with the reason' });
    const source = readSource(file, [...at, 'source'], sources, false);
    const rawAsk = file.optionalText([...at, 'ask'], 'give a knowledge entry id');
    const ask = rawAsk ? askId(file, [...at, 'ask'], rawAsk, byId) || undefined : undefined;
    if (source && source !== HOUSE_STYLE) tips.push({ id, title, do: doText, instead, why, source, ask });
  }
  return tips;
}

function readTests(file: ContentFile, at: YamlPath): RuleTests {
  const fix = 'add "tests:" with "matches:" and "ignores:", each a list of example sentences';
  if (file.get([...at, 'tests']) === undefined) {
    file.error([...at], 'missing-field', 'missing field "tests"', fix);
    return { matches: [], ignores: [] };
  }
  file.unknownFields([...at, 'tests'], ['matches', 'ignores']);
  return {
    matches: file.textList([...at, 'tests', 'matches'], { required: true, fix }),
    ignores: file.textList([...at, 'tests', 'ignores'], { required: true, fix }),
  };
}

/** Phrases and guard words: each must parse; guard words must be single words. */
function readPhrases(file: ContentFile, path: YamlPath, required: boolean, singleWords: boolean): string[] {
  const phrases = file.textList(path, {
    required,
    fix: singleWords ? 'list single words' : 'list phrases, one per item',
  });
  const ok: string[] = [];
  phrases.forEach((phrase, i) => {
    const parsed = parsePhrase(phrase);
    if ('error' in parsed)
      file.error(
        [...path, i],
        'bad-phrase',
        `"${phrase}": ${parsed.error}`,
        'see the comment at the top of the file',
      );
    else if (singleWords && parsed.patterns.length !== 1)
      file.error([...path, i], 'bad-phrase', `"${phrase}" must be a single word`, 'list single words');
    else ok.push(phrase);
  });
  return ok;
}

function readCoach(
  dir: string,
  display: Display,
  byId: EntryIds,
  problems: FileProblem[],
): { coach: Coach; learnMore: string } | undefined {
  const path = join(dir, GUIDANCE_FILES.coach);
  const file = ContentFile.read(path, display(path), problems);
  if (!file) return undefined;
  const before = problems.length;
  file.unknownFields([], ['sources', 'ask', 'rules', 'strengths']);
  const askText = file.text(['ask'], { fix: 'add "ask: <entry id>" for the Learn more button' });
  const learnMore = askText === '' ? '' : askId(file, ['ask'], askText, byId);
  const sources = readSources(file);
  const rules: CoachRule[] = [];
  const rulePaths: YamlPath[] = [];
  const ids = new Set<string>();
  const phraseOwners = new Map<string, string>();
  const ruleCount = file.listLength(['rules'], 'rules', 'add "rules:"');
  for (let i = 0; i < ruleCount; i++) {
    const at = ['rules', i];
    file.unknownFields(at, RULE_FIELDS);
    const id = file.id([...at, 'id'], 'add "id: kebab-case-id"');
    if (id !== '' && ids.has(id))
      file.error(
        [...at, 'id'],
        'duplicate-id',
        `rule id "${id}" is used twice`,
        'give every rule its own id',
      );
    ids.add(id);
    const phrases = readPhrases(file, [...at, 'phrases'], true, false);
    phrases.forEach((phrase) => {
      const key = phrase.toLowerCase().replace(/\s+/g, ' ');
      const owner = phraseOwners.get(key);
      if (owner && owner !== id)
        file.error(
          [...at, 'phrases'],
          'duplicate-phrase',
          `"${phrase}" is also a phrase of rule ${owner}`,
          'keep it in one rule',
        );
      phraseOwners.set(key, id);
    });
    const where = file.optionalText([...at, 'where'], 'write "where: opening" or leave it out');
    if (where !== undefined && where !== 'opening')
      file.error(
        [...at, 'where'],
        'invalid-field',
        `where "${where}" is not "opening"`,
        'write "where: opening" or leave it out',
      );
    rules.push({
      id,
      phrases,
      notBefore: readPhrases(file, [...at, 'not_before'], false, true),
      notAfter: readPhrases(file, [...at, 'not_after'], false, true),
      openingOnly: where === 'opening',
      except: readPhrases(file, [...at, 'except'], false, false),
      better: file.text([...at, 'better'], { maxWords: 30, fix: 'add "better: ..." with a better wording' }),
      why: file.text([...at, 'why'], { maxWords: 50, fix: 'add "why: ..." with the reason' }),
      source: readSource(file, [...at, 'source'], sources, true) ?? HOUSE_STYLE,
      tests: readTests(file, at),
    });
    rulePaths.push(at);
  }
  const strengths: CoachStrength[] = [];
  const strengthPaths: YamlPath[] = [];
  const strengthCount =
    file.get(['strengths']) === undefined ? 0 : file.listLength(['strengths'], 'strengths', 'list strengths');
  for (let i = 0; i < strengthCount; i++) {
    const at = ['strengths', i];
    file.unknownFields(at, STRENGTH_FIELDS);
    const id = file.id([...at, 'id'], 'add "id: kebab-case-id"');
    if (id !== '' && ids.has(id))
      file.error(
        [...at, 'id'],
        'duplicate-id',
        `id "${id}" is used twice`,
        'give every rule and strength its own id',
      );
    ids.add(id);
    const groups = file.listLength(
      [...at, 'all_of'],
      'lists of phrases',
      'add "all_of:" with one to four lists of phrases',
    );
    if (groups > MAX_STRENGTH_GROUPS)
      file.error(
        [...at, 'all_of'],
        'invalid-field',
        `${groups} lists (at most ${MAX_STRENGTH_GROUPS})`,
        'merge some lists',
      );
    const allOf: string[][] = [];
    for (let g = 0; g < Math.min(groups, MAX_STRENGTH_GROUPS); g++)
      allOf.push(readPhrases(file, [...at, 'all_of', g], true, false));
    strengths.push({
      id,
      says: file.text([...at, 'says'], { maxWords: 12, fix: 'add "says: ..." (what the draft does well)' }),
      why: file.text([...at, 'why'], { maxWords: 50, fix: 'add "why: ..." with the reason' }),
      source: readSource(file, [...at, 'source'], sources, true) ?? HOUSE_STYLE,
      allOf,
      notBefore: readPhrases(file, [...at, 'not_before'], false, true),
      notAfter: readPhrases(file, [...at, 'not_after'], false, true),
      tests: readTests(file, at),
    });
    strengthPaths.push(at);
  }
  if (problems.length > before) return undefined;
  const coach = compileCoach(rules, strengths);
  // Each rule's own examples are its tests: a rule that misses or over-reaches stops the load.
  for (const f of failingTests(coach)) {
    const owner = f.kind === 'rule' ? rules[f.index] : strengths[f.index];
    const at = [...(f.kind === 'rule' ? rulePaths : strengthPaths)[f.index], 'tests', f.test, f.item];
    file.error(
      at,
      'coach-test',
      f.test === 'matches'
        ? `${f.kind} ${owner.id} does not match its test "${f.sentence}"`
        : `${f.kind} ${owner.id} matches "${f.sentence}", which it should ignore`,
      'change the phrases, not_before or not_after, or the test sentence',
    );
  }
  return problems.length > before ? undefined : { coach, learnMore };
}

/**
 * Reads knowledge/prompts/, tips.yaml and coach-rules.yaml, checking every field, every `ask:`
 * against the entries and every coach rule against its own tests. Problems go into `problems`;
 * the result is undefined when any file had an error.
 */
export function readGuidance(
  dir: string,
  display: Display,
  byId: EntryIds,
  problems: FileProblem[],
): Guidance | undefined {
  const before = problems.length;
  const topics = readPromptTopics(dir, display, byId, problems);
  const tips = readTips(dir, display, byId, problems);
  const coach = readCoach(dir, display, byId, problems);
  if (problems.length > before || !coach) return undefined;
  return {
    prompts: buildQiPrompts(topics),
    tips: buildTips(tips),
    coach: coach.coach,
    coachLearnMore: coach.learnMore,
  };
}
