import { join } from 'node:path';
import { readKnowledge } from '../src/knowledge/loadKnowledge';
import { PROJECT_ROOT } from '../src/paths';
import { buildChitChat } from '../src/search/chitChat';
import { message } from './helpers/activities';
import { cardOf, type RunningServer, repliesOf, startTestServer } from './helpers/testServer';

const knowledge = readKnowledge(join(PROJECT_ROOT, 'knowledge'), PROJECT_ROOT).knowledge!;
const kind = (text: string): string | undefined => knowledge.index.search(text).chitChat?.kind;

describe('greetings, thanks and goodbyes are answered in kind, not searched', () => {
  it.each([
    ['cheers, that’s helpful 👍', 'thanks'],
    ['Thanks so much for the info!', 'thanks'],
    ['brilliant thank you bot', 'thanks'],
    ['Good morning!', 'greeting'],
    ['hiya everyone', 'greeting'],
    ['bye for now', 'farewell'],
    ['have a good weekend', 'farewell'],
    ['ok', 'acknowledgement'],
    ['tell me a joke', 'small-talk'],
    // Kinds mixed in one message: the first kind (in the file's order) whose own word it has.
    ['Ok thank you very much for help, have nice day', 'thanks'],
    ['hi, thanks!', 'thanks'],
    ['great thanks, bye', 'thanks'],
    ['hello good morning team', 'greeting'],
  ])('%s is %s', (text, expected) => {
    expect(kind(text)).toBe(expected);
    expect(knowledge.index.search(text)).toMatchObject({ decision: 'none', results: [] });
  });

  it.each([
    'hello, what is proportionate universalism',
    'thanks, and what is a PDSA cycle?',
    'good practice in QI',
    'info',
    'what is this',
    'Is this AI or ChatGPT?',
  ])('%s is searched as usual', (text) => {
    expect(kind(text)).toBeUndefined();
  });

  it('a kind needs one of its own words: filler or "alongside" words alone are not enough', () => {
    const chat = buildChitChat({
      filler: ['the', 'so'],
      kinds: [{ id: 'thanks', words: ['thanks'], alongside: ['info'], phrases: [], reply: 'r' }],
    });
    expect(chat.kindOf('thanks for the info')).toBeUndefined(); // "for" is not filler here
    expect(chat.kindOf('the info')).toBeUndefined();
    expect(chat.kindOf('thanks so the info')?.id).toBe('thanks');
    expect(chat.kindOf(`thanks ${'so '.repeat(20)}`)).toBeUndefined(); // too long to be chit-chat
  });

  it('a message mixing kinds is social only when every word belongs to some kind or is filler', () => {
    const chat = buildChitChat({
      filler: ['so'],
      kinds: [
        { id: 'thanks', words: ['thanks'], alongside: ['help'], phrases: [], reply: 'r' },
        { id: 'farewell', words: ['bye'], alongside: ['day'], phrases: ['see you'], reply: 'r' },
      ],
    });
    expect(chat.kindOf('bye so thanks')?.id).toBe('thanks');
    expect(chat.kindOf('bye, good day')).toBeUndefined(); // "good" is no kind's word here
    expect(chat.kindOf('help day')).toBeUndefined(); // alongside words of two kinds, no kind's own word
    expect(chat.kindOf('thanks see you')).toBeUndefined(); // a phrase's words are not single words
  });
});

describe('through the endpoint', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('thanks gets a short text reply, no card, and is not kept as an unanswered question', async () => {
    const [reply] = repliesOf(
      (await server.post('/api/messages', message("Cheers, that's really helpful!"))).json,
    );
    expect(reply.text).toMatch(/^Glad it helped/);
    expect(cardOf(reply)).toBeUndefined();
    expect((await server.app.storage.list('questions/')).keys).toEqual([]);
  });
});
