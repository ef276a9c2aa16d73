import Fuse from 'fuse.js';
import type { KnowledgeEntry } from '../knowledge/entry';
import { STOP_WORDS, stem, tokens, tokensOf, tokensWithWords, words } from './normalise';
import { decide, judge, type QuestionMatch, SEARCH_MODEL, type SearchModel } from './searchModel';
import { buildTopicOdds } from './topicOdds';
import { buildWordLikelihood } from './wordLikelihood';

export type Decision = 'answer' | 'suggest' | 'none';
/**
 * Shorter words are not corrected. Since correction compares words as typed, 4 letters does better
 * than 5 ("lutn", "blok", "cyle"): evaluation top-1 78.2% vs 77.3%, rejection 90.2% for both.
 */
const MIN_TYPO_LENGTH = 4;

export interface SearchResult {
  entry: KnowledgeEntry;
  /**
   * Confidence in [0, 1] that this entry is the answer. The first result's is the number the answer
   * threshold compares; the others are scaled from it by their share of the ranking, so they keep
   * their order and never pass it.
   */
  score: number;
}

export interface SearchOutcome {
  decision: Decision;
  /** Best candidates, at most three, best first; empty only when nothing matched at all. */
  results: SearchResult[];
}

/**
 * Matching constants. The decision thresholds are the model's (searchModel.ts), calibrated by
 * `npm run train:search`.
 */
export const MATCHING = {
  /**
   * Fuse score (0 = exact) at or under which an unknown word is taken as a typo of a known one.
   * 0.34 lets one wrong letter in five through ("helth", "pdsas") but not two.
   */
  typo: 0.34,
  /** Share of a slot earned through a synonym rather than the typed word: typed words still win ties. */
  synonym: 0.8,
  /**
   * Candidates given full features and the model, those holding most of the question first. With
   * 80, 338 of the 339 expected entries of the evaluation set are among them (40: 336, 120: 338).
   */
  candidates: 80,
  /**
   * Additive smoothing of the phrasing likelihood. With the likelihood as a feature, top-1 on the
   * evaluation set went 71.4% -> 75.8% (fresh set 86.6% -> 91.1%). In the prototype 0.1 did best
   * (76.1%; 74.9% at 0.02, 73.2% at 0.5, 74.3% at 1); counting the summary too did worse (74.0%).
   */
  smoothing: 0.1,
} as const;

interface IndexedEntry {
  entry: KnowledgeEntry;
  /** Title and each alternative question as token sets, with their summed word weights. */
  phrasings: Set<string>[];
  /** Pairs of neighbouring words in the title and questions ("run chart", "process measure"). */
  bigrams: Set<string>;
  phrasingWeights: number[];
  key: Set<string>;
  /** Key words plus the summary's. */
  summary: Set<string>;
  all: Set<string>;
}

/** The measures one entry gets for one question; exposed for the tuning script. */
export interface MatchFeatures {
  id: string;
  dice: number;
  recall: number;
  key: number;
  summary: number;
  all: number;
  /** Weight of the question's words met in key fields, in units of the rarest word's weight. */
  evidence: number;
  /** The same measures with the question's unknown words left out of its weight. */
  diceKnown: number;
  keyKnown: number;
  allKnown: number;
  /** Share of the question's weight carried by words the index has never seen. */
  unknownShare: number;
  /** Dice against the title alone. */
  titleDice: number;
  /** The most of the question that one phrasing covers. */
  phraseCover: number;
  /** Weight of the rarest question word met in key fields, in units of the rarest word's weight. */
  rarest: number;
  /** Share of the question's neighbouring-word pairs found in the title and questions. */
  bigram: number;
  /** Share of the question's known words met in key fields, counted not weighted. */
  slotsMet: number;
  /**
   * How likely the entry's own phrasings make the question's words (naive Bayes over the title and
   * alternative questions), as a share among the candidates. Unlike coverage, a word common to all
   * of an entry's phrasings counts more than one found in a single one.
   */
  likelihood: number;
  /** The same over the title, alternative questions and the entry's practice questions. */
  exampleLikelihood: number;
}

const pairsOf = (sequence: readonly string[]): string[] =>
  sequence.slice(1).map((t, i) => `${sequence[i]} ${t}`);

/**
 * One way a slot can be met: all of `tokens` present earns `factor` of the slot. A typed word is one
 * token at factor 1; a typo correction is one token at its closeness; a synonym phrase is several
 * tokens at the synonym factor, earned in proportion to the weight of those present.
 */
interface Option {
  tokens: string[];
  weights: number[];
  total: number;
  factor: number;
}

interface Slot {
  /** What the slot adds to the question's total weight. */
  weight: number;
  options: Option[];
}

export interface SearchIndex {
  search(question: string): SearchOutcome;
  /** The measures of the candidates the model sees, for the training script. */
  features(question: string): QuestionMatch;
  readonly size: number;
}

/** Synonym groups: every phrase in a group can stand for the others. */
export type SynonymGroups = readonly (readonly string[])[];

export interface IndexOptions {
  synonyms?: SynonymGroups;
  /** Practice questions by entry id (knowledge/training): they teach the practice-question likelihood. */
  examples?: ReadonlyMap<string, readonly string[]>;
  /** Off-topic questions (knowledge/training, expected "none"): they teach the off-topic odds. */
  offTopic?: readonly string[];
  model?: SearchModel;
}

export function buildSearchIndex(
  entries: readonly KnowledgeEntry[],
  { synonyms = [], examples = new Map(), offTopic = [], model = SEARCH_MODEL }: IndexOptions = {},
): SearchIndex {
  // Every word of the content as written, with the index token it stands for: typo correction
  // compares a misspelt word with these (see `corrections`).
  const tokenOfWritten = new Map<string, string>();
  /** tokens(), noting each written word on the way, so the text is normalised once. */
  const tokensNoted = (text: string): string[] => {
    const written = words(text);
    for (const w of written) if (!STOP_WORDS.has(w) && !tokenOfWritten.has(w)) tokenOfWritten.set(w, stem(w));
    return tokensOf(written);
  };
  // A phrasing made only of stop words ("What can you do?") has no tokens to match: it is matched by
  // its words, exactly, and only by a question that has no tokens either ("what can u do" got no
  // result at all; evaluation top-1 90.0% -> 90.3%).
  const byStopWords = new Map<string, number[]>();
  const tokenised = entries.map((entry, i) => {
    const texts = [entry.title, ...entry.questions];
    const sequences = texts.map(tokensNoted);
    sequences.forEach((sequence, j) => {
      if (sequence.length > 0) return;
      const key = words(texts[j]).join(' ');
      const list = byStopWords.get(key);
      if (!list) byStopWords.set(key, [i]);
      else if (!list.includes(i)) list.push(i);
    });
    const phrasings = sequences.map((q) => new Set(q));
    const bigrams = new Set(sequences.flatMap(pairsOf));
    const key = new Set([...phrasings.flatMap((p) => [...p]), ...entry.tags.flatMap(tokensNoted)]);
    const summary = new Set([...key, ...tokensNoted(entry.summary)]);
    const all = new Set([...summary, ...tokensNoted(entry.body)]);
    return { entry, phrasings, bigrams, key, summary, all };
  });

  // Document frequency over whole entries gives each word its weight: rare words decide.
  const df = new Map<string, number>();
  // Two posting lists: where a word is a key word (title, questions, tags), and where it is only in
  // the summary or body. Key matches can score high; body-only matches are bounded at 0.45.
  const keyPostings = new Map<string, number[]>();
  const bodyPostings = new Map<string, number[]>();
  const post = (map: Map<string, number[]>, t: string, i: number): void => {
    const list = map.get(t);
    if (list) list.push(i);
    else map.set(t, [i]);
  };
  tokenised.forEach((item, i) => {
    for (const t of item.all) {
      df.set(t, (df.get(t) ?? 0) + 1);
      post(item.key.has(t) ? keyPostings : bodyPostings, t, i);
    }
  });
  const n = Math.max(1, tokenised.length);
  const idfOf = new Map<string, number>();
  for (const [t, count] of df) idfOf.set(t, Math.log(1 + n / count));
  // An unknown word weighs as much as the rarest known one: off-topic questions stay low.
  const unknownWeight = Math.log(1 + n / 0.5);
  const idf = (t: string): number => idfOf.get(t) ?? unknownWeight;
  const sumIdf = (set: Iterable<string>): number => {
    let sum = 0;
    for (const t of set) sum += idf(t);
    return sum;
  };
  const indexed: IndexedEntry[] = tokenised.map((item) => ({
    ...item,
    phrasingWeights: item.phrasings.map(sumIdf),
  }));
  // Naive Bayes over each entry's title and questions, and again with its practice questions.
  const phrasingLikelihood = buildWordLikelihood(
    tokenised.map((item) => item.phrasings),
    MATCHING.smoothing,
  );
  const practiceOf = entries.map((entry) => (examples.get(entry.id) ?? []).map((q) => new Set(tokens(q))));
  const exampleLikelihood = buildWordLikelihood(
    tokenised.map((item, i) => [...item.phrasings, ...practiceOf[i]]),
    MATCHING.smoothing,
  );
  const offTopicWritten = offTopic.map(words);
  const topicOdds = buildTopicOdds(
    tokenised.flatMap((item, i) => [...item.phrasings, ...practiceOf[i]]),
    offTopicWritten.map(tokensOf),
    MATCHING.smoothing,
  );

  // Fuse runs over the content's words as written, not over whole entries: it only has to turn a
  // misspelt word into known ones. It compares the word as typed, before stemming, because stemming
  // a misspelling cuts it short ("bulding" -> "buld") and keeps it away from what was meant; the
  // written word found then stands for its index token. The words are split by first letter and length, and
  // a word is compared with words of its own first letter within two letters of its length: a typo
  // rarely changes either, and at 10,000 entries (30,000 words) this took the median query from
  // 12.5 ms to (see README).
  const buckets = new Map<string, Fuse<string>>();
  const bucketWords = new Map<string, string[]>();
  for (const word of tokenOfWritten.keys()) {
    const name = `${word[0]}${word.length}`;
    const list = bucketWords.get(name);
    if (list) list.push(word);
    else bucketWords.set(name, [word]);
  }
  const fuseOptions = { includeScore: true, threshold: MATCHING.typo, ignoreLocation: true };
  for (const [name, list] of bucketWords) buckets.set(name, new Fuse(list, fuseOptions));
  // A word the off-topic questions use as written is a real word, not a misspelling of a content
  // word: "rain" was "corrected" to a content word and "rain later?" was answered. With the same
  // model, evaluation rejection went 93.4% -> 95.1% (fresh set 51.5% -> 55.9%); retrained, top-1
  // 91.2% -> 91.7% and top-3 97.6% with rejection 96.7%.
  const offTopicWords = new Set(offTopicWritten.flat().filter((w) => !tokenOfWritten.has(w)));
  // Partners repeat the same misspellings; a small cache keeps fuse off the hot path for them.
  const typoCache = new Map<string, { item: string; score: number }[]>();
  /** Index tokens a typed word may be a misspelling of, closest first, at most two. */
  const corrections = (written: string): { item: string; score: number }[] => {
    const cached = typoCache.get(written);
    if (cached) return cached;
    const hits: { item: string; score: number }[] = [];
    if (written.length >= MIN_TYPO_LENGTH && !/\d/.test(written) && !offTopicWords.has(written))
      for (let length = written.length - 2; length <= written.length + 2; length++)
        for (const h of buckets.get(`${written[0]}${length}`)?.search(written, { limit: 2 }) ?? [])
          if ((h.score ?? 1) <= MATCHING.typo)
            hits.push({ item: tokenOfWritten.get(h.item) ?? h.item, score: h.score ?? 1 });
    hits.sort((a, b) => a.score - b.score || a.item.localeCompare(b.item));
    const best = hits.filter((h, i) => hits.findIndex((o) => o.item === h.item) === i).slice(0, 2);
    if (typoCache.size > 5000) typoCache.clear();
    typoCache.set(written, best);
    return best;
  };

  // A phrase can be typed even when none of its words is in the content ("swimlane"): it is then
  // met only through the other phrases of its group.
  const synonymPhrases = synonyms.map((group) =>
    group.map((p) => {
      const typedTokens = [...new Set(tokens(p))];
      return { words: words(p).join(' '), typedTokens, tokens: typedTokens.filter((t) => df.has(t)) };
    }),
  );
  const option = (list: string[], factor: number): Option => {
    const weights = list.map(idf);
    return { tokens: list, weights, total: weights.reduce((a, b) => a + b, 0), factor };
  };
  const slot = (weight: number, options: Option[]): Slot => ({ weight, options });

  /**
   * The question as weighted slots. A slot is one typed word (or a typed synonym phrase); it is
   * met by that word, by a typo correction of it, or by another phrase of its synonym group, and
   * counts at most once, so a question can never score above 1 against an entry.
   */
  const slotsOf = (
    questionWords: readonly string[],
    questionTokens: readonly string[],
    writtenOf: ReadonlyMap<string, string>,
  ): Slot[] => {
    const slots: Slot[] = [];
    const typed = new Set(questionTokens);
    const phrase = ` ${questionWords.join(' ')} `;
    for (const group of synonymPhrases) {
      const found = group.find(
        (p) => p.words !== '' && p.typedTokens.length > 0 && phrase.includes(` ${p.words} `),
      );
      if (!found?.typedTokens.every((t) => typed.has(t))) continue;
      for (const t of found.typedTokens) typed.delete(t);
      const others = group.filter((p) => p !== found && p.tokens.length > 0);
      slots.push(
        slot(sumIdf(found.typedTokens), [
          option(found.typedTokens, 1),
          ...others.map((p) => option(p.tokens, MATCHING.synonym)),
        ]),
      );
    }
    for (const t of typed) {
      if (df.has(t)) {
        slots.push(slot(idf(t), [option([t], 1)]));
        continue;
      }
      const hits = corrections(writtenOf.get(t) ?? t);
      if (hits.length > 0) {
        // The typed word weighs what its best correction weighs; a closer correction earns more of it.
        slots.push(
          slot(
            idf(hits[0].item),
            hits.map((h) => option([h.item], 1 - h.score)),
          ),
        );
        continue;
      }
      slots.push(slot(unknownWeight, []));
    }
    return slots;
  };

  // Scratch results of `shared`, kept outside to avoid an allocation per slot per phrasing.
  let sharedQ = 0;
  let sharedF = 0;
  /** How far a set of words meets the question: query-side share (sharedQ) and document-side weight (sharedF). */
  const shared = (slots: readonly Slot[], set: Set<string>): void => {
    sharedQ = 0;
    sharedF = 0;
    for (const s of slots) {
      let bestQ = 0;
      let bestF = 0;
      for (const o of s.options) {
        let have = 0;
        for (let k = 0; k < o.tokens.length; k++) if (set.has(o.tokens[k])) have += o.weights[k];
        if (o.total === 0) continue;
        const q = (o.factor * have) / o.total;
        if (q > bestQ) {
          bestQ = q;
          bestF = o.factor * have;
        }
      }
      sharedQ += s.weight * bestQ;
      sharedF += bestF;
    }
  };

  // Ties are broken by id, so results do not depend on file order.
  const idRank = new Int32Array(indexed.length);
  indexed
    .map((item, i) => ({ id: item.entry.id, i }))
    .sort((a, b) => a.id.localeCompare(b.id))
    .forEach((x, rank) => {
      idRank[x.i] = rank;
    });

  // Per-query accumulators, reused: an upper bound of each entry's score from the postings alone.
  const boundQ = new Float64Array(indexed.length);
  const boundAll = new Float64Array(indexed.length);
  const seenBySlot = new Int32Array(indexed.length);
  const touchedAt = new Int32Array(indexed.length);
  let stamp = 0;
  let query = 0;

  const maxIdf = Math.log(1 + n / 1);
  /** The question's word pairs, with misspelt words replaced by their best correction. */
  const questionPairs = (
    questionTokens: readonly string[],
    writtenOf: ReadonlyMap<string, string>,
  ): string[] =>
    pairsOf(questionTokens.map((t) => (df.has(t) ? t : (corrections(writtenOf.get(t) ?? t)[0]?.item ?? t))));

  /** Whether any word that can meet the slot is in the set. */
  const reaches = (s: Slot, set: Set<string>): boolean =>
    s.options.some((o) => o.tokens.some((t) => set.has(t)));

  const featuresOf = (
    item: IndexedEntry,
    slots: readonly Slot[],
    total: number,
    known: number,
    knownSlots: number,
    pairs: readonly string[],
    likelihood: number,
    exampleLikelihood: number,
  ): MatchFeatures => {
    // Every set measured below is part of the entry's whole text, and a slot none of whose words is
    // there adds nothing to any of them: measuring only the slots that reach it gives the same
    // features in about half the query time.
    const inAll = slots.filter((s) => reaches(s, item.all));
    const inKey = inAll.filter((s) => reaches(s, item.key));
    let dice = 0;
    let diceKnown = 0;
    let recall = 0;
    let titleDice = 0;
    let phraseCover = 0;
    for (let j = 0; j < item.phrasings.length; j++) {
      shared(inKey, item.phrasings[j]);
      const w = item.phrasingWeights[j];
      const d = (sharedQ + Math.min(sharedF, w)) / (total + w);
      if (j === 0) titleDice = d;
      dice = Math.max(dice, d);
      diceKnown = Math.max(diceKnown, (sharedQ + Math.min(sharedF, w)) / (known + w));
      phraseCover = Math.max(phraseCover, sharedQ / known);
      if (w > 0) recall = Math.max(recall, Math.min(sharedF, w) / w);
    }
    // One pass over the slots gives the key-field coverage and which slots the key words meet.
    let keyQ = 0;
    let rarest = 0;
    let met = 0;
    for (const slot of inKey) {
      shared([slot], item.key);
      keyQ += sharedQ;
      if (sharedQ > 0) {
        met++;
        rarest = Math.max(rarest, slot.weight / maxIdf);
      }
    }
    const key = keyQ / total;
    const keyKnown = keyQ / known;
    const evidence = keyQ / maxIdf;
    shared(inAll, item.summary);
    const summary = sharedQ / total;
    shared(inAll, item.all);
    return {
      id: item.entry.id,
      dice,
      recall,
      key,
      summary,
      all: sharedQ / total,
      evidence,
      diceKnown,
      keyKnown,
      allKnown: sharedQ / known,
      unknownShare: 1 - known / total,
      titleDice,
      phraseCover,
      rarest,
      bigram: pairs.length === 0 ? 0 : pairs.filter((b) => item.bigrams.has(b)).length / pairs.length,
      slotsMet: knownSlots === 0 ? 0 : met / knownSlots,
      likelihood,
      exampleLikelihood,
    };
  };

  /** The features of an entry the question matches word for word through a stop-word phrasing. */
  const wordForWord = (item: IndexedEntry): MatchFeatures => ({
    id: item.entry.id,
    dice: 1,
    recall: 1,
    key: 1,
    summary: 1,
    all: 1,
    evidence: 1,
    diceKnown: 1,
    keyKnown: 1,
    allKnown: 1,
    unknownShare: 0,
    titleDice: 0,
    phraseCover: 1,
    rarest: 1,
    bigram: 0,
    slotsMet: 1,
    likelihood: 1,
    exampleLikelihood: 1,
  });

  /** Candidates touched by the question, best prefilter bound first, at most MATCHING.candidates. */
  const candidatesOf = (slots: readonly Slot[], total: number): number[] => {
    query++;
    const candidates: number[] = [];
    const touch = (i: number): void => {
      if (touchedAt[i] === query) return;
      touchedAt[i] = query;
      candidates.push(i);
      boundQ[i] = 0;
      boundAll[i] = 0;
    };
    for (const s of slots) {
      stamp++;
      const keyStamp = stamp;
      for (const o of s.options)
        for (const t of o.tokens)
          for (const i of keyPostings.get(t) ?? []) {
            if (seenBySlot[i] === keyStamp) continue;
            seenBySlot[i] = keyStamp;
            touch(i);
            boundQ[i] += s.weight;
            boundAll[i] += s.weight;
          }
      // A slot met in the key words is already counted in the whole-text bound.
      for (const o of s.options)
        for (const t of o.tokens)
          for (const i of bodyPostings.get(t) ?? []) {
            if (seenBySlot[i] === keyStamp) continue;
            seenBySlot[i] = keyStamp;
            touch(i);
            boundAll[i] += s.weight;
          }
    }
    // How much of the question the entry's key words, then its whole text, hold: exact and cheap.
    // (An upper bound of the old hand-made score was tried here first: too loose, it tied dozens of
    // entries at 1 and cut the right one when its id sorted late, e.g. wider-determinants.)
    const bound = (i: number): number => 0.75 * (boundQ[i] / total) + 0.25 * Math.min(1, boundAll[i] / total);
    // Keep the best MATCHING.candidates by this without sorting them all: a histogram of the values
    // (all in [0, 1]) finds the cut, and only what is above it is sorted.
    const bounds = new Float64Array(candidates.length);
    const histogram = new Uint32Array(101);
    candidates.forEach((i, k) => {
      bounds[k] = bound(i);
      histogram[Math.min(100, Math.floor(bounds[k] * 100))]++;
    });
    let cut = 100;
    for (let kept = histogram[100]; cut > 0 && kept < MATCHING.candidates; kept += histogram[cut]) cut--;
    const kept: number[] = [];
    candidates.forEach((_i, k) => {
      if (bounds[k] >= cut / 100) kept.push(k);
    });
    return kept
      .sort((a, b) => bounds[b] - bounds[a] || idRank[candidates[a]] - idRank[candidates[b]])
      .slice(0, MATCHING.candidates)
      .map((k) => candidates[k]);
  };

  const featuresFor = (question: string): { items: IndexedEntry[]; match: QuestionMatch } => {
    const questionWords = words(question);
    const typed = tokensWithWords(questionWords);
    const questionTokens = typed.map((t) => t.token);
    // The word as typed behind each token, for typo correction.
    const writtenOf = new Map(typed.map((t) => [t.token, t.written]));
    const slots = slotsOf(questionWords, questionTokens, writtenOf);
    const total = slots.reduce((sum, s) => sum + s.weight, 0);
    const count = questionTokens.length;
    const offTopic = topicOdds.offTopic(questionTokens);
    if (total === 0) {
      const items = (byStopWords.get(questionWords.join(' ')) ?? []).map((i) => indexed[i]);
      return { items, match: { words: count, offTopic, candidates: items.map(wordForWord) } };
    }
    const pairs = questionPairs(questionTokens, writtenOf);
    const chosen = candidatesOf(slots, total);
    const items = chosen.map((i) => indexed[i]);
    const known = slots.reduce((sum, s) => sum + (s.options.length > 0 ? s.weight : 0), 0) || total;
    const knownSlots = slots.filter((s) => s.options.length > 0).length;
    const shares = phrasingLikelihood.shares(chosen, questionTokens);
    const exampleShares = exampleLikelihood.shares(chosen, questionTokens);
    return {
      items,
      match: {
        words: count,
        offTopic,
        candidates: items.map((item, i) =>
          featuresOf(item, slots, total, known, knownSlots, pairs, shares[i], exampleShares[i]),
        ),
      },
    };
  };

  return {
    size: indexed.length,
    features: (question) => featuresFor(question).match,
    search(question: string): SearchOutcome {
      const { items, match } = featuresFor(question);
      if (items.length === 0) return { decision: 'none', results: [] };
      const judged = judge(match, model);
      const first = judged.shares[judged.order[0]];
      const results = judged.order
        .slice(0, 3)
        // Candidates with almost no share of the ranking are noise, not suggestions.
        .filter((i, k) => k === 0 || judged.shares[i] >= 0.001)
        .map((i) => ({ entry: items[i].entry, score: round((judged.answer * judged.shares[i]) / first) }));
      return { decision: decide(judged, model.thresholds), results };
    },
  };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
