import type { KnowledgeEntry } from '../knowledge/entry';
import { selectCandidates } from './candidates';
import type { ChitChat } from './chitChat';
import { type Decision, decide, judge } from './decision';
import { type IndexedEntry, indexEntries } from './entryIndex';
import { measureCandidates, wordForWord } from './matchFeatures';
import { tokens, tokensOf, words } from './normalise';
import { questionSlots, type SlotContext, type SynonymGroups, synonymPhrases } from './questionSlots';
import type { QuestionMatch, SearchModel } from './searchModel';
import { buildTopicOdds } from './topicOdds';
import { SEARCH_MODEL } from './trainedModel';
import { buildCorrector } from './typoCorrection';
import { buildWordLikelihood } from './wordLikelihood';

/**
 * The search, step by step: the entries are indexed once (entryIndex.ts); a question is read as
 * weighted slots with typo corrections and synonyms (questionSlots.ts, typoCorrection.ts); the
 * entries its words reach are cut to the best few (candidates.ts); each is measured
 * (matchFeatures.ts); and the model ranks them and decides (searchModel.ts).
 */
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
  /** A social message (thanks, a greeting), not searched: its kind and the reply it gets. */
  chitChat?: { kind: string; reply: string };
  /** Best candidates, at most `limit` (three by default), best first; empty only when nothing matched at all. */
  results: SearchResult[];
}

/** How many results a search gives unless asked for more: the bot's "Did you mean" offers three. */
export const DEFAULT_RESULTS = 3;

export interface SearchOptions {
  /**
   * At most this many results (default DEFAULT_RESULTS). The decision is the same whatever the
   * limit: it is made from the ranking, which the limit only cuts.
   */
  limit?: number;
}

export interface SearchIndex {
  search(question: string, options?: SearchOptions): SearchOutcome;
  /** The measures of the candidates the model sees, for the training script. */
  features(question: string): QuestionMatch;
  readonly size: number;
}

export interface IndexOptions {
  synonyms?: SynonymGroups;
  /** Practice questions by entry id (knowledge/training): they teach the practice-question likelihood. */
  examples?: ReadonlyMap<string, readonly string[]>;
  /** Off-topic questions (knowledge/training, expected "none"): they teach the off-topic odds. */
  offTopic?: readonly string[];
  /** Greetings, thanks and the like (knowledge/chitchat.yaml): never searched. */
  chitChat?: ChitChat;
  model?: SearchModel;
}

/**
 * Additive smoothing of the likelihoods and the off-topic odds, so a word an entry's texts lack
 * counts against it without ruling it out; 0.1 did best of the values tried.
 */
export const SMOOTHING = 0.1;

export function buildSearchIndex(
  entries: readonly KnowledgeEntry[],
  { synonyms = [], examples = new Map(), offTopic = [], chitChat, model = SEARCH_MODEL }: IndexOptions = {},
): SearchIndex {
  const index = indexEntries(entries);
  // Only what a search reads is kept by the closures below, not the build-time phrasing sets.
  const { items, weights, phrasingSets, byStopWords } = index;
  const postings = { tokenPostings: index.tokenPostings, idRank: index.idRank };
  const measured = {
    items,
    tokenPostings: index.tokenPostings,
    bigramPostings: index.bigramPostings,
    entryCount: items.length,
    rarestWeight: weights.rarest,
  };
  // Naive Bayes over each entry's title and questions, and again with its practice questions.
  const phrasingLikelihood = buildWordLikelihood(phrasingSets, SMOOTHING);
  const practiceOf = entries.map((entry) => (examples.get(entry.id) ?? []).map((q) => new Set(tokens(q))));
  const exampleLikelihood = buildWordLikelihood(
    phrasingSets.map((phrasings, i) => [...phrasings, ...practiceOf[i]]),
    SMOOTHING,
  );
  const offTopicWritten = offTopic.map(words);
  const topicOdds = buildTopicOdds(
    phrasingSets.flatMap((phrasings, i) => [...phrasings, ...practiceOf[i]]),
    offTopicWritten.map(tokensOf),
    SMOOTHING,
    { known: weights.known, onTopicQuestions: practiceOf.flat() },
  );
  const context: SlotContext = {
    weights,
    correct: buildCorrector(index.tokenOfWritten, offTopicWritten.flat()),
    synonyms: synonymPhrases(synonyms, weights),
  };

  const featuresFor = (text: string): { chosen: IndexedEntry[]; match: QuestionMatch } => {
    const question = questionSlots(text, context);
    const count = question.tokens.length;
    const offTopicOdds = topicOdds.offTopic(question.tokens);
    if (question.total === 0) {
      const chosen = (byStopWords.get(question.words.join(' ')) ?? []).map((i) => items[i]);
      const candidates = chosen.map(wordForWord);
      // Matched word for word, the question has nothing the content does not know.
      return {
        chosen,
        match: { words: count, offTopic: offTopicOdds, unknownShare: chosen.length > 0 ? 0 : 1, candidates },
      };
    }
    const ids = selectCandidates(question.slots, question.total, postings);
    const shares = phrasingLikelihood.shares(ids, question.readTokens);
    const exampleShares = exampleLikelihood.shares(ids, question.readTokens);
    const chosen = ids.map((i) => items[i]);
    return {
      chosen,
      match: {
        words: count,
        offTopic: offTopicOdds,
        unknownShare: chosen.length > 0 ? 1 - question.known / question.total : 1,
        candidates: measureCandidates(measured, ids, question, {
          likelihood: shares,
          exampleLikelihood: exampleShares,
        }),
      },
    };
  };

  return {
    size: items.length,
    features: (question) => featuresFor(question).match,
    search(question: string, { limit = DEFAULT_RESULTS }: SearchOptions = {}): SearchOutcome {
      const social = chitChat?.kindOf(question);
      if (social)
        return { decision: 'none', results: [], chitChat: { kind: social.id, reply: social.reply } };
      const { chosen, match } = featuresFor(question);
      if (chosen.length === 0) return { decision: 'none', results: [] };
      const judged = judge(match, model);
      const first = judged.shares[judged.order[0]];
      const results = judged.order
        .slice(0, limit)
        // Candidates with almost no share of the ranking are noise, not suggestions.
        .filter((i, k) => k === 0 || judged.shares[i] >= 0.001)
        .map((i) => ({ entry: chosen[i].entry, score: round((judged.answer * judged.shares[i]) / first) }));
      return { decision: decide(judged, model.thresholds), results };
    },
  };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
