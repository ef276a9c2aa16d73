import { join } from 'node:path';
import { z } from 'zod';
import { fields, kebabId, listOf, optionalText, sourceRef, text, textList } from '../knowledge/contentFields';
import type { ContentFile, SourceRef } from '../knowledge/contentFile';
import { readContentFolder } from '../knowledge/contentFolder';
import { askId, claimedId, type EntryIds } from '../knowledge/contentRefs';
import type { FileProblem } from '../knowledge/problems';
import { checkWith } from '../knowledge/schemaCheck';
import { normaliseTopicWords, type QiPrompt, type QiTopic } from './prompts';

/** Where the prompt files live under knowledge/. */
export const PROMPTS_DIR = 'prompts';
const ASK_FIX = 'give a knowledge entry id';

// Prompts are checked one by one, so a fault in one does not hide the faults of the others.
const topicSchema = fields({
  title: text('add "title: ..." shown above each prompt', { maxChars: 40 }),
  words: textList('list what people type after "qi", e.g. [fishbone, ishikawa]'),
  next: optionalText('name another topic (a file name without .yaml)'),
  ask: optionalText(ASK_FIX),
  source: sourceRef.optional(),
  prompts: listOf(z.unknown(), 'add "prompts:" with at least two prompts'),
});

const promptSchema = fields({
  id: kebabId('add "id: kebab-case-id", unique across all prompt files'),
  question: text('add "question: ..."', { maxChars: 150 }),
  why: text('add "why: ..." saying why the question helps', { maxWords: 50 }),
  example: text('add "example: ..." with a short example', { maxWords: 50 }),
  ask: optionalText(ASK_FIX),
  source: sourceRef.optional(),
});

/** What a topic gives the prompts that do not say for themselves. */
interface TopicDefaults {
  /** `undefined`: the topic names no entry; '' when the topic has faults of its own. */
  ask: string | undefined;
  source: SourceRef | undefined;
}

/** What is shared across the files: a prompt id or a topic word belongs to one file only. */
interface Owners {
  promptIds: Map<string, string>;
  words: Map<string, string>;
}

function claimWords(file: ContentFile, words: readonly string[], owners: Owners): void {
  words.forEach((w, i) => {
    const key = normaliseTopicWords(w);
    const owner = owners.words.get(key);
    if (key === '') file.error(['words', i], 'invalid-field', `"${w}" has no letters`, 'use words');
    else if (owner)
      file.error(
        ['words', i],
        'duplicate-words',
        `"${w}" is also a word of ${owner}`,
        'give each topic its own words',
      );
    else owners.words.set(key, file.display);
  });
}

function readPrompt(
  file: ContentFile,
  topic: string,
  index: number,
  defaults: TopicDefaults,
  byId: EntryIds,
  owners: Owners,
): QiPrompt | undefined {
  const at = ['prompts', index];
  const prompt = checkWith(file, promptSchema, at);
  const id = prompt?.id ?? claimedId(file.get([...at, 'id']));
  if (id !== undefined) {
    const other = owners.promptIds.get(id);
    if (other)
      file.error(
        [...at, 'id'],
        'duplicate-id',
        `prompt id "${id}" is also used in ${other}`,
        'give every prompt its own id',
      );
    owners.promptIds.set(id, file.display);
  }
  if (!prompt) return undefined;
  const ask = prompt.ask !== undefined ? askId(file, [...at, 'ask'], prompt.ask, byId) : defaults.ask;
  if (ask === undefined)
    file.error(
      at,
      'missing-field',
      'missing field "ask"',
      'give the id of the entry that explains the tool (here or for the whole file)',
    );
  // The nearest source wins: the prompt's own, the entry it asks about, the topic's, the topic's entry.
  const ownEntry = prompt.ask === undefined ? undefined : byId.get(prompt.ask)?.source;
  const topicEntry = defaults.ask ? byId.get(defaults.ask)?.source : undefined;
  const source = prompt.source ?? ownEntry ?? defaults.source ?? topicEntry ?? { title: '', url: '' };
  return { ...prompt, ask: ask ?? '', topic, source };
}

function readTopic(file: ContentFile, id: string, byId: EntryIds, owners: Owners): QiTopic | undefined {
  const topic = checkWith(file, topicSchema);
  if (topic) claimWords(file, topic.words, owners);
  // When the topic itself has faults, whether it has an `ask:` is unknown: '' keeps quiet about it.
  const defaults: TopicDefaults = { ask: '', source: topic?.source };
  if (topic) defaults.ask = topic.ask === undefined ? undefined : askId(file, ['ask'], topic.ask, byId);
  const count = file.itemCount(['prompts']);
  if (count === 1)
    file.error(
      ['prompts'],
      'few-prompts',
      'only one prompt',
      'add another, so "Another one" has somewhere to go',
    );
  const prompts = Array.from({ length: count }, (_, i) => readPrompt(file, id, i, defaults, byId, owners));
  if (!topic) return undefined;
  return {
    id,
    title: topic.title,
    words: topic.words,
    next: topic.next,
    prompts: prompts.filter((p) => p !== undefined),
  };
}

/**
 * Reads every file of knowledge/prompts/ (one QI topic each), checking each against its schema,
 * every `ask:` against the entries and every `next:` against the other topics.
 */
export function readPromptTopics(
  dir: string,
  display: (path: string) => string,
  byId: EntryIds,
  problems: FileProblem[],
): QiTopic[] {
  const { files, ids: fileIds } = readContentFolder(join(dir, PROMPTS_DIR), display, problems, {
    none: 'no QI prompt files',
    missingFix: 'add knowledge/prompts/ with one .yaml file per topic',
    idFix: 'rename it with lower-case words joined by hyphens',
  });
  const owners: Owners = { promptIds: new Map(), words: new Map() };
  const topics: { topic: QiTopic; file: ContentFile }[] = [];
  for (const { id, file } of files) {
    const topic = readTopic(file, id, byId, owners);
    if (topic) topics.push({ topic, file });
  }
  // Every file counts as a topic here, even one with faults of its own: those are reported already.
  const ids = new Set(fileIds);
  for (const { topic, file } of topics)
    if (topic.next !== undefined && !ids.has(topic.next))
      file.error(
        ['next'],
        'unknown-topic',
        `next topic "${topic.next}" does not exist`,
        'use a file name from knowledge/prompts/ without .yaml',
      );
  return topics.map((t) => t.topic);
}
