import { capQuestion, MAX_QUESTION_CHARS, ONLY_THE_START_READ } from '../src/answers/questionCap';
import { message } from './helpers/activities';
import { cardOf, type RunningServer, repliesOf, startTestServer } from './helpers/testServer';

describe('capQuestion', () => {
  it('leaves a question within the limit alone', () => {
    expect(capQuestion('what is proportionate universalism')).toEqual({
      text: 'what is proportionate universalism',
      truncated: false,
    });
    const exact = 'a'.repeat(MAX_QUESTION_CHARS);
    expect(capQuestion(exact)).toEqual({ text: exact, truncated: false });
  });

  it('cuts a long question at the last whole word within the limit', () => {
    const words = 'marmot principles '.repeat(200);
    const { text, truncated } = capQuestion(words);
    expect(truncated).toBe(true);
    expect(text.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
    expect(text.length).toBeGreaterThan(MAX_QUESTION_CHARS * 0.8);
    expect(words.startsWith(text)).toBe(true);
    expect(text).toMatch(/(marmot|principles)$/);
  });

  it('never leaves half a surrogate pair at the end', () => {
    const emoji = '😀'.repeat(MAX_QUESTION_CHARS);
    const { text } = capQuestion(emoji);
    expect(text.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
    expect(text).toMatch(/^(😀)+$/u);
  });
});

describe('a long question through the endpoint', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('is answered from its start, and the reply says only the start was read', async () => {
    const long = `what is proportionate universalism ${'and some more words about it '.repeat(2000)}`;
    const started = performance.now();
    const res = await server.post('/api/messages', message(long));
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    const replies = repliesOf(res.json);
    expect(replies.some((r) => r.text === ONLY_THE_START_READ)).toBe(true);
    expect(replies.some((r) => cardOf(r) !== undefined)).toBe(true);
    expect(ms).toBeLessThan(2000);
  });

  it('a short question gets no such note', async () => {
    const res = await server.post('/api/messages', message('what is proportionate universalism'));
    expect(repliesOf(res.json).some((r) => r.text === ONLY_THE_START_READ)).toBe(false);
  });
});
