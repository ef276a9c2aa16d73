import { type MessageWords, readMessage, sentencesOf } from './messageWords';
import {
  countFeatures,
  FeatureVocabulary,
  type SentenceFeatures,
  trainUrgencyModel,
  type UrgencyExample,
  type UrgencyModel,
  urgencyModelFrom,
} from './urgencyModel';
import { type PatternProblem, PatternSet, patternWords } from './wordPatterns';

/** knowledge/signposting.yaml as read, after its shape was checked. */
export interface SignpostContent {
  gap: number;
  words: Record<string, string[]>;
  urgent: SignpostCategory[];
  topics: SignpostCategory[];
  sensitive: { patterns: string[]; examples: string[] };
  context: { patterns: string[]; examples: string[] };
  figurative: { patterns: string[]; examples: string[] };
  hypothetical: { patterns: string[]; present: string[]; examples: string[] };
  /** Log-odds above which the learnt model makes a message urgent, and above which it overrides "sensitive". */
  model: {
    threshold: number;
    overrideSensitive: number;
    veto: number;
    happeningNow: string[];
    /** Folder of knowledge/ whose *.jsonl "question" lines are ordinary questions (none in danger). */
    ordinaryQuestions?: string;
    /** Log-odds, against those ordinary questions, that a message only the model flags must pass. */
    ordinaryBar: number;
    /**
     * With everyday messages (signposting-ordinary.jsonl), the log-odds above which a message the
     * patterns left alone is urgent, read whole by a model that also learnt from those messages.
     */
    chatThreshold: number;
    /** The log-odds above which one sentence alone makes such a message urgent, whatever surrounds it. */
    chatSentence: number;
    /** The same for a window of a long sentence, which has less context than a whole sentence. */
    chatWindow: number;
  };
  card: {
    title: string;
    intro: string;
    contacts: { label: string; text: string; url?: string; button?: string; emphasis: boolean }[];
    footer: string;
  };
  supportLine: string;
}

export interface SignpostCategory {
  id: string;
  patterns: string[];
  examples: string[];
}

/**
 * What a message needs before any search:
 * - urgent: the signposting card instead of an answer (nothing is searched or kept);
 * - sensitive: the normal reply with a short support line (a professional question about suicide,
 *   abuse, overdose, safeguarding...);
 * - neither: the normal reply.
 */
export type SignpostOutcome =
  | { kind: 'urgent'; category: string }
  | { kind: 'sensitive'; topic: string }
  | { kind: 'neither' };

export interface Signposter {
  classify(text: string): SignpostOutcome;
  /** The category when the message is urgent, else null (the ask tool and older callers). */
  match(text: string): string | null;
  readonly content: SignpostContent;
}

/** A pattern that could not be compiled, with where it is in the file. */
export interface SignpostProblem extends PatternProblem {
  path: (string | number)[];
}

/** An example sentence of the file that the patterns classify otherwise than its section says. */
export interface SignpostExampleFailure {
  path: (string | number)[];
  sentence: string;
  expected: string;
  got: string;
}

const describe = (o: SignpostOutcome): string =>
  o.kind === 'urgent'
    ? `urgent (${o.category})`
    : o.kind === 'sensitive'
      ? `sensitive (${o.topic})`
      : 'neither';

/**
 * Urgent examples against ordinary questions. A question the first model already flags is left
 * out, so a message in danger that was filed among ordinary questions never teaches it otherwise.
 */
function trainOrdinaryModel(
  model: UrgencyModel,
  examples: readonly UrgencyExample[],
  ordinary: readonly string[],
  threshold: number,
  vocabulary: FeatureVocabulary,
): UrgencyModel | undefined {
  if (ordinary.length === 0 || examples.length === 0) return undefined;
  const calm = ordinary.filter((q) => model.score(sentencesOf(q)) <= threshold);
  return trainUrgencyModel(
    [...examples.filter((e) => e.urgent), ...calm.map((text) => ({ text, urgent: false }))],
    vocabulary,
  );
}

/**
 * Builds the classifier. The patterns read each sentence in this order:
 * 1. figurative phrases ("this deadline is killing me", "dying to know") hide their words;
 * 2. an urgent pattern means urgent, unless the sentence asks in general ("how should staff
 *    respond if...") and names no one real and now: then it is sensitive;
 * 3. a topic pattern (suicide, abuse, overdose...) means urgent too, unless professional context
 *    (strategy, rates, data, training...) is in the sentence: then it is sensitive;
 * 4. a sensitive pattern (safeguarding, suicide prevention...) anywhere means sensitive.
 * Then the learnt model (urgencyModel.ts, trained on the examples) adds urgent messages the
 * patterns missed and vetoes patterns on plainly professional ones.
 */
export function buildSignposter(
  content: SignpostContent,
  examples: readonly UrgencyExample[] = [],
  ordinary: readonly string[] = [],
  everyday: readonly string[] = [],
  /** Whether a message is only thanks, a greeting or a farewell (knowledge/chitchat.yaml). */
  social: (text: string) => boolean = () => false,
): {
  signposter: Signposter;
  problems: SignpostProblem[];
} {
  const lists = new Map(
    Object.entries(content.words).map(([k, v]) => [k, v.flatMap((w) => patternWords(w))]),
  );
  const problems: SignpostProblem[] = [];
  const set = (groups: { label: string; patterns: string[]; path: (string | number)[] }[]): PatternSet => {
    const s = new PatternSet(lists, content.gap);
    for (const g of groups)
      g.patterns.forEach((p, i) => {
        const problem = s.add(p, g.label);
        if (problem) problems.push({ ...problem, path: [...g.path, i] });
      });
    return s;
  };
  const urgent = set(
    content.urgent.map((c, i) => ({ label: c.id, patterns: c.patterns, path: ['urgent', i, 'patterns'] })),
  );
  const topics = set(
    content.topics.map((c, i) => ({ label: c.id, patterns: c.patterns, path: ['topics', i, 'patterns'] })),
  );
  const one = (label: string, patterns: string[], path: (string | number)[]) =>
    set([{ label, patterns, path }]);
  const figurative = one('figurative', content.figurative.patterns, ['figurative', 'patterns']);
  const sensitive = one('sensitive', content.sensitive.patterns, ['sensitive', 'patterns']);
  const context = one('context', content.context.patterns, ['context', 'patterns']);
  const hypothetical = one('hypothetical', content.hypothetical.patterns, ['hypothetical', 'patterns']);
  const present = one('present', content.hypothetical.present, ['hypothetical', 'present']);
  const happeningNow = one('now', content.model.happeningNow, ['model', 'happeningNow']);

  const hidden = (words: string[]): Set<number> => {
    const skip = new Set<number>();
    for (const m of figurative.matchAll(words)) for (let i = m.start; i <= m.end; i++) skip.add(i);
    return skip;
  };
  const any = (s: PatternSet, words: string[]): boolean => s.matchAll(words).length > 0;

  // One numbering of features for all four models, so a message's features are read once for all.
  const vocabulary = new FeatureVocabulary();
  const model = trainUrgencyModel(examples, vocabulary);
  const ordinaryModel = trainOrdinaryModel(model, examples, ordinary, content.model.threshold, vocabulary);
  // For messages the patterns left alone, a model that has also seen everyday chat, so that chatty
  // first-person words ("hi", "I've been", "sorry", "my") stop counting as signs of danger. Only
  // there: the veto and the sensitive override keep the examples' model, so chat can never soften
  // a pattern's urgent match.
  const withEveryday =
    everyday.length > 0
      ? countFeatures([...examples, ...everyday.map((text) => ({ text, urgent: false }))])
      : undefined;
  const chatModel = withEveryday && urgencyModelFrom(withEveryday, 'equal', vocabulary);
  // The whole-message reading weighs every word of a long message, so it is smoothed in proportion.
  const wholeModel = withEveryday && urgencyModelFrom(withEveryday, 'proportional', vocabulary);
  const read = (words: readonly string[]): SentenceFeatures => vocabulary.read(words);

  /**
   * The whole message's features. A message of one sentence (most questions) is that sentence, whose
   * features are already read: word pairs across sentences are the only difference, and it has none.
   */
  const wholeOf = (message: MessageWords, sentences: readonly SentenceFeatures[]): SentenceFeatures => {
    let only = -1;
    for (let i = 0; i < message.sentences.length; i++) {
      if (message.sentences[i].length === 0) continue;
      if (only >= 0) return read(message.all);
      only = i;
    }
    return only >= 0 ? sentences[only] : read(message.all);
  };

  /**
   * Whether the model reads a message the patterns left alone as urgent. The everyday model reads the
   * message whole, so its ordinary context ("can I carry over unused leave?") weighs against one
   * sentence that sounds alarming alone ("no chance of using them"); a sentence, or a window of a
   * long one, strong enough on its own still decides, so that danger told among small talk is not
   * outvoted by it.
   */
  const learntUrgent = (
    message: MessageWords,
    sentences: readonly SentenceFeatures[],
    score: number,
  ): boolean =>
    chatModel && wholeModel
      ? wholeModel.scoreFeatures([wholeOf(message, sentences)]) > content.model.chatThreshold ||
        chatModel.scoreFeatures(sentences) > content.model.chatSentence ||
        chatModel.scoreFeatures(message.windows().map(read)) > content.model.chatWindow
      : score > content.model.threshold;

  const classify = (text: string): SignpostOutcome => {
    const message = readMessage(text);
    const byPatterns = classifyByPatterns(message);
    if (examples.length === 0) return byPatterns;
    // Each sentence's features, read once for the three models that score sentences.
    const sentences = message.sentences.map(read);
    const score = model.scoreFeatures(sentences);
    // A pattern fires on a message the model reads as plainly professional (no urgent example has
    // scored that low): answer it, with the support line, rather than block a partner's work.
    // Never when the message says it is happening now ("is having a stroke"): that is a
    // professional describing an emergency, not a question about one.
    if (byPatterns.kind === 'urgent')
      return score < content.model.veto && !any(happeningNow, message.all)
        ? { kind: 'sensitive', topic: byPatterns.category }
        : byPatterns;
    // The model adds the ways of describing danger no pattern foresaw. A professional or general
    // question (sensitive) needs far stronger evidence than a message the patterns left alone.
    const readsUrgent =
      byPatterns.kind === 'sensitive'
        ? score > content.model.overrideSensitive
        : learntUrgent(message, sentences, score);
    if (!readsUrgent) return byPatterns;
    // Thanks and farewells to the bot ("thanks for everything, bye") share their words with the
    // goodbyes of someone at risk; the model alone never gives them the card, a pattern still does
    // ("goodbye everyone", "sorry for everything").
    if (social(text)) return byPatterns;
    // The examples' other messages are mostly professional talk about the same subjects, so a long
    // first-person message about a printer or a landlord can outscore them; it must also read as
    // urgent against the questions partners and residents ordinarily ask.
    if (ordinaryModel && ordinaryModel.scoreFeatures(sentences) <= content.model.ordinaryBar)
      return byPatterns;
    return { kind: 'urgent', category: 'learnt' };
  };

  /**
   * Context is read sentence by sentence: a partner who buries "my colleague has a black eye" in a
   * message about the audit template still gets the card, while "self-harm rates in Luton" is a
   * professional question.
   */
  const classifyByPatterns = (message: MessageWords): SignpostOutcome => {
    let softened: string | undefined;
    let professionalTopic: string | undefined;
    for (const words of message.sentences) {
      if (words.length === 0) continue;
      const skip = hidden(words);
      const crisis = urgent.matchAll(words, skip)[0];
      const general = () => any(hypothetical, words) && !any(present, words);
      if (crisis && !general()) return { kind: 'urgent', category: crisis.label };
      if (crisis) softened ??= crisis.label;
      const topic = topics.matchAll(words, skip)[0];
      // Professional words count even inside a figurative phrase ("knife crime data").
      if (topic && !any(context, words) && !general()) return { kind: 'urgent', category: topic.label };
      if (topic) professionalTopic ??= topic.label;
    }
    const topic = softened ?? professionalTopic;
    if (topic) return { kind: 'sensitive', topic };
    if (any(sensitive, message.all)) return { kind: 'sensitive', topic: 'sensitive' };
    return { kind: 'neither' };
  };

  const signposter: Signposter = {
    content,
    classify,
    match(text: string): string | null {
      const outcome = classify(text);
      return outcome.kind === 'urgent' ? outcome.category : null;
    },
  };
  return { signposter, problems };
}

/** Runs the file's own example sentences: each must come out as its section says. */
export function checkSignpostExamples(signposter: Signposter): SignpostExampleFailure[] {
  const failures: SignpostExampleFailure[] = [];
  const expect = (
    path: (string | number)[],
    sentence: string,
    want: (o: SignpostOutcome) => boolean,
    expected: string,
  ) => {
    const got = signposter.classify(sentence);
    if (!want(got)) failures.push({ path, sentence, expected, got: describe(got) });
  };
  const { content } = signposter;
  // Any urgent category will do: categories overlap, and each only names the count that is kept.
  type Label = 'urgent' | 'sensitive' | 'neither';
  const sections = (name: 'urgent' | 'topics') =>
    content[name].map((c, i): [(string | number)[], string[], Label] => [
      [name, i, 'examples'],
      c.examples,
      'urgent',
    ]);
  const groups: [(string | number)[], string[], Label][] = [
    ...sections('urgent'),
    ...sections('topics'),
    [['sensitive', 'examples'], content.sensitive.examples, 'sensitive'],
    [['context', 'examples'], content.context.examples, 'sensitive'],
    [['hypothetical', 'examples'], content.hypothetical.examples, 'sensitive'],
    [['figurative', 'examples'], content.figurative.examples, 'neither'],
  ];
  for (const [path, examples, label] of groups)
    examples.forEach((sentence, k) => {
      expect([...path, k], sentence, (o) => o.kind === label, label);
    });
  return failures;
}
