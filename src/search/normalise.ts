import { rememberedPerWord } from '../rememberedPerWord';

/**
 * Text normalisation shared by the index and the query, so both sides see the same tokens:
 * lower case, no accents or punctuation, British spelling, light stemming, no stop words.
 */

const AMERICAN_TO_BRITISH: Readonly<Record<string, string>> = {
  behavior: 'behaviour',
  behaviors: 'behaviours',
  behavioral: 'behavioural',
  center: 'centre',
  centers: 'centres',
  color: 'colour',
  defense: 'defence',
  favor: 'favour',
  favorite: 'favourite',
  fiber: 'fibre',
  gray: 'grey',
  harbor: 'harbour',
  honor: 'honour',
  humor: 'humour',
  labor: 'labour',
  license: 'licence',
  neighbor: 'neighbour',
  neighbors: 'neighbours',
  neighborhood: 'neighbourhood',
  neighborhoods: 'neighbourhoods',
  pediatric: 'paediatric',
  program: 'programme',
  programs: 'programmes',
  enroll: 'enrol',
  fulfill: 'fulfil',
  modeling: 'modelling',
  traveling: 'travelling',
  counseling: 'counselling',
  aging: 'ageing',
  catalog: 'catalogue',
  dialog: 'dialogue',
  analyze: 'analyse',
  analyzing: 'analysing',
  analyzed: 'analysed',
  mom: 'mum',
  moms: 'mums',
  kindergarten: 'nursery',
  // Not American, but the commonest slip in questions about the Marmot principles.
  principal: 'principle',
  principals: 'principles',
};

/** Number words become digits, so "eight principles" and "8 principles" meet. */
const NUMBER_WORDS: Readonly<Record<string, string>> = {
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  twenty: '20',
};

/** Words that carry no topic; found by reading the alternative questions of the entries. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about actually all also am an and any anything are as at be been being but by can could ' +
    'did do does doing for from get give got had has have hello hey hi how i if in into is it its ' +
    'just know let like me mean means meant meaning more most much my need of on or our please quick quickly ' +
    'really say says should so some something tell than thanks thank that the their them then there these ' +
    'they thing things this those to us was we were what whats when where which who why will with would ' +
    'you your yours ok okay pls plz u ur wanna want even ' +
    // How a question is put, not what it is about: "which principle deals with racism", "explain QI simply".
    'deal deals dealing cover covers covered covering simply briefly basically exactly generally ' +
    // Greetings and times: small talk ("how are you today") was answered through them.
    'morning afternoon evening today tomorrow yesterday tonight ' +
    // Thanks and praise: as unknown words they were "corrected" to content words, and "thanks,
    // that's great!" was answered with proportionate universalism.
    'great cheers cool nice brilliant lovely perfect awesome fantastic wonderful excellent amazing ' +
    'superb bye goodbye ' +
    // Contractions lose their apostrophe ("I'm" -> "im"): as unknown words they weighed like the
    // rarest topic word, and a question that began "I'm a school business manager" looked off-topic.
    'im ive id youre youve youd theyre theyve weve dont doesnt didnt isnt arent wasnt werent cant ' +
    'couldnt wouldnt shouldnt wont hasnt havent hadnt thats theres heres whos wheres hows lets'
  ).split(' '),
);

const GREETING_TIMES: ReadonlySet<string> = new Set(['morning', 'afternoon', 'evening', 'night']);

/**
 * Phrases that ask for a plain answer, not about a topic: as words, "in plain English" made any
 * question so worded look like the entry whose phrasing used them ("prop universalism in plain
 * English" was answered with quality improvement), and "nutshell" counted as an unknown word.
 */
const MANNER_PHRASES: readonly (readonly string[])[] = [
  'plain english',
  'nutshell',
  'simple terms',
  'simple words',
  'laymans terms',
  'layman terms',
  'for dummies',
  'for beginners',
  'for a beginner',
  'beginners guide',
  'for newbies',
  'simple explanation',
  'quick explanation',
  'short explanation',
  'brief explanation',
  'tldr',
  'eli5',
].map((p) => p.split(' '));

/**
 * Words before "explain" that make it the asker's own task ("how do I explain", "ways to explain",
 * "tips for when we explain"): then the question is about explaining, the framing advice.
 */
const OWN_TASK = new Set(['how', 'i', 'we', 'to', 'way', 'ways', 'tips', 'best', 'when', 'help', 'us']);

/**
 * "Explain" asked of the assistant ("explain core20plus5 simply", "can you explain HET", "model for
 * improvement explained") asks for the topic's main entry, like "in plain English"; as a word it
 * pulled every such question to the entry on explaining the building blocks.
 */
function isRequestToExplain(all: readonly string[], i: number): boolean {
  if (all[i] !== 'explain' && all[i] !== 'explained') return false;
  for (let k = Math.max(0, i - 3); k < i; k++) if (OWN_TASK.has(all[k])) return false;
  return true;
}

/** Which of the words belong to a manner phrase, or are a request to explain. */
function mannerWords(all: readonly string[]): Set<number> {
  const skip = new Set<number>();
  all.forEach((_, i) => {
    if (isRequestToExplain(all, i)) skip.add(i);
  });
  for (const phrase of MANNER_PHRASES)
    for (let i = 0; i + phrase.length <= all.length; i++)
      if (all[i] === phrase[0] && phrase.every((w, k) => all[i + k] === w))
        for (let k = 0; k < phrase.length; k++) skip.add(i + k);
  return skip;
}

/** Lower case, accents and punctuation removed, curly quotes straightened. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/'s\b/g, '')
    .replace(/'/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** British spelling for a single lower-case word, including the -ize/-ization family. */
export function toBritish(word: string): string {
  const mapped = AMERICAN_TO_BRITISH[word] ?? NUMBER_WORDS[word];
  if (mapped) return mapped;
  if (word.length > 5) {
    const ize = /^(.{3,})iz(e|es|ed|ing|ation|ations|er|ers)$/.exec(word);
    if (ize && !/^(si|pri|capsi)$/.test(ize[1])) return `${ize[1]}is${ize[2]}`;
    const yze = /^(.{2,})yz(e|es|ed|ing)$/.exec(word);
    if (yze) return `${yze[1]}ys${yze[2]}`;
    const or = /^(.{3,}[^aeiou])or(s?)$/.exec(word);
    if (or && ['behavi', 'neighb', 'harb', 'lab', 'col', 'fav', 'hon', 'hum'].includes(or[1]))
      return `${or[1]}our${or[2]}`;
  }
  return word;
}

/**
 * A deliberately light stemmer: plural and common verb endings only. Heavier stemmers merged
 * distinct health terms (for example "equity" and "equities" are fine, "inequalities" and
 * "inequality" must meet, but "universal" and "universe" must not).
 *
 * Verb forms meet their verb: -ed and -ing go, a doubled last consonant is undone, and a final "e"
 * of a longer word goes, so "choose", "choosing", "involved" and "involve" meet. Before, only
 * "-ing" on words of seven letters or more was cut ("choosing" -> "choos" never met "choose").
 * The right entry came first more often (evaluation 91.7% -> 92.0%, fresh set 95.5% -> 97.3% top-1,
 * topics 192 -> 193); evaluation top-1 moved 86.4% -> 85.5% with the recalibrated thresholds.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /^\d+$/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (/(ss|us|is|ys)$/.test(word)) return word;
  let w = word.endsWith('s') ? word.slice(0, -1) : word;
  if (w.endsWith('ied') && w.length > 4) return `${w.slice(0, -3)}y`;
  const verb = /^(.{3,}?)(ing|ed)$/.exec(w);
  if (verb && !w.endsWith('eed')) {
    w = verb[1];
    // "planned" -> "plan", "running" -> "run"; "skilled" and "assessed" keep their pair.
    if (/([^aeiouls])\1$/.test(w)) w = w.slice(0, -1);
  }
  return w.length > 4 && w.endsWith('e') ? w.slice(0, -1) : w;
}

/**
 * Chat shorthand for the words it stands for. They are all stop words, so this only matters where
 * stop words do: phrasings made of nothing else ("what can u do" meets "What can you do?").
 */
const SHORTHAND: Readonly<Record<string, string>> = {
  u: 'you',
  ur: 'your',
  r: 'are',
  pls: 'please',
  plz: 'please',
  thx: 'thanks',
};

// The regular expressions of toBritish and stem were a good part of reading a question.
const spelt = rememberedPerWord((w) => SHORTHAND[w] ?? toBritish(w));
const stemOf = rememberedPerWord(stem);

/** Normalised words in order, British spelling, stop words kept (phrase matching needs them). */
export function words(text: string): string[] {
  const norm = normaliseText(text);
  return norm === '' ? [] : norm.split(' ').map(spelt);
}

/**
 * Index tokens: words without stop words, stemmed. "Principle 8" also gives the token "principle8",
 * which "the 8 principles" does not: word order is the only thing that tells those two apart.
 */
export function tokens(text: string): string[] {
  return tokensOf(words(text));
}

/** tokens() of text already split by words(): the search does both once per question. */
export function tokensOf(all: readonly string[]): string[] {
  return tokensWithWords(all).map((t) => t.token);
}

/**
 * tokensOf() with the word as typed behind each token, for typo correction, which compares words
 * before stemming. A derived token ("principle8") stands for itself.
 */
export function tokensWithWords(all: readonly string[]): { token: string; written: string }[] {
  const out: { token: string; written: string }[] = [];
  const manner = mannerWords(all);
  all.forEach((w, i) => {
    if (STOP_WORDS.has(w) || manner.has(i)) return;
    // "Good morning" is a greeting, not a question about "good work": it was answered with principle 3.
    if (w === 'good' && GREETING_TIMES.has(all[i + 1] ?? '')) return;
    out.push({ token: stemOf(w), written: w });
    if (/^principl[ea]s?$/.test(w) && /^[1-8]$/.test(all[i + 1] ?? '')) {
      const token = `principle${all[i + 1]}`;
      out.push({ token, written: token });
    }
  });
  return out;
}
