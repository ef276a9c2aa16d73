import { join } from 'node:path';
import { loadKnowledge } from '../src/knowledge/loadKnowledge';
import { ALL_TOPICS } from '../src/qi/prompts';
import { execute, message, submit } from './helpers/activities';
import { FakeConnector } from './helpers/fakeConnector';
import {
  actionsOf,
  cardOf,
  type RunningServer,
  repliesOf,
  startTestServer,
  textOf,
} from './helpers/testServer';

const ROOT = join(__dirname, '..');
const knowledge = loadKnowledge(join(ROOT, 'knowledge'), ROOT);
const prompts = knowledge.guidance.prompts;

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

type Card = Record<string, unknown>;

async function replyTo(activity: unknown): Promise<{ summary: string; card: Card }> {
  const res = await server.post('/api/messages', activity);
  expect(res.status).toBe(200);
  const replies = repliesOf(res.json);
  expect(replies).toHaveLength(1);
  return { summary: String(replies[0].summary), card: cardOf(replies[0])! };
}

/** The card in an adaptiveCard/action invoke response. */
async function invoke(server: RunningServer, verb: string, data: Record<string, unknown>): Promise<Card> {
  const res = await server.post('/api/messages', execute(verb, data));
  expect(res.status).toBe(200);
  const body = (
    repliesOf(res.json).find((a) => a.type === 'invokeResponse')!.value as {
      body: { statusCode: number; type: string; value: Card };
    }
  ).body;
  expect(body.statusCode).toBe(200);
  expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
  return body.value;
}

const executeAction = (card: Card, title: string) => {
  const action = actionsOf(card).find((a) => a.type === 'Action.Execute' && a.title === title);
  expect(action).toBeDefined();
  return action as {
    verb: string;
    data: Record<string, unknown>;
    fallback: { type: string; data: Record<string, unknown> };
  };
};
/** The prompt a card shows: its question is the heading, and "Another one" names it as current. */
const promptOf = (card: Card) => {
  const prompt = prompts.prompt(String(executeAction(card, 'Another one').data.current))!;
  expect(textOf(card)).toContain(prompt.question);
  return prompt;
};

describe('QI prompt content', () => {
  it('has at least 40 prompts, each with a question, why, example and an ask id that is an entry', () => {
    expect(prompts.all.length).toBeGreaterThanOrEqual(40);
    for (const p of prompts.all) {
      expect(p.question).toMatch(/\?$/);
      expect(p.why.length).toBeGreaterThan(20);
      expect(p.example.length).toBeGreaterThan(10);
      expect(knowledge.byId.has(p.ask)).toBe(true);
    }
  });

  it('cites, for every prompt that says what ELFT or IHI does, a source of that organisation', () => {
    const named = prompts.all.filter((p) => /\b(ELFT|IHI)\b/.test(p.why));
    expect(named.length).toBeGreaterThanOrEqual(8);
    for (const p of named) {
      expect(p.source.url).toMatch(/^https?:\/\//);
      const org = p.why.includes('ELFT') ? 'ELFT' : 'Institute for Healthcare Improvement';
      expect(`${p.id}: ${p.source.title}`).toContain(org);
    }
  });

  it('covers the Model for Improvement, every PDSA stage, every tool, the measures and the equity lens', () => {
    const topicOf = (words: string) => prompts.topicFor(words)?.id;
    expect(prompts.topic('model-for-improvement')!.prompts.map((p) => p.question)).toEqual(
      expect.arrayContaining([
        'What are we trying to accomplish?',
        'How will we know that a change is an improvement?',
        'What changes can we make that will result in improvement?',
      ]),
    );
    expect(prompts.topic('plan')!.prompts[0].question).toBe('What do you predict will happen?');
    expect(prompts.topic('do')!.prompts[0].question).toBe('What actually happened?');
    expect(prompts.topic('study')!.prompts[0].question).toBe('What did you learn?');
    expect(prompts.topic('act')!.prompts[0].question).toBe('What next?');
    const tools: [string, string][] = [
      ['driver diagram', 'driver-diagram'],
      ['fishbone', 'fishbone-diagram'],
      ['process map', 'process-map'],
      ['run chart', 'run-chart'],
      ['spc', 'spc-chart'],
      ['pareto', 'pareto-chart'],
      ['5 whys', 'five-whys'],
      ['project charter', 'project-charter'],
    ];
    for (const [words, entry] of tools) {
      const topic = prompts.topic(topicOf(words)!)!;
      expect(topic.prompts.length).toBeGreaterThanOrEqual(2);
      expect(topic.prompts.every((p) => p.ask === entry)).toBe(true);
    }
    const measures = prompts.topic('measures')!.prompts.map((p) => p.ask);
    expect(measures).toEqual(
      expect.arrayContaining(['outcome-measures', 'process-measures', 'balancing-measures']),
    );
    const equity = prompts.topic('equity')!.prompts.map((p) => p.question);
    expect(equity).toEqual(
      expect.arrayContaining([
        'Who is missing from this data?',
        'Are those closest to the problem in the room?',
        'Which building block of health does this touch?',
        'Which Marmot principle does this work support?',
      ]),
    );
  });

  it('"Another one" walks every prompt of a scope without repeating one in a row', () => {
    for (const scope of [...prompts.topics.map((t) => t.id), ALL_TOPICS]) {
      const list = scope === ALL_TOPICS ? prompts.all : prompts.topic(scope)!.prompts;
      const seen = new Set<string>();
      let current = list[0].id;
      for (let i = 0; i < list.length; i++) {
        const next = prompts.after(scope, current);
        expect(next.id).not.toBe(current);
        seen.add(next.id);
        current = next.id;
      }
      expect(seen.size).toBe(list.length);
    }
  });
});

describe('the qi command', () => {
  it('"qi" shows a QI prompt card with Another one, and a Learn more button for its tool', async () => {
    const { summary, card } = await replyTo(message('qi'));
    const prompt = promptOf(card);
    expect(summary).toBe(`QI prompt: ${prompt.question}`);
    const another = executeAction(card, 'Another one');
    expect(another.verb).toBe('qi-another');
    expect(another.data).toEqual({ scope: ALL_TOPICS, current: prompt.id });
    expect(another.fallback).toEqual({
      type: 'Action.Submit',
      title: 'Another one',
      data: { verb: 'qi-another', scope: ALL_TOPICS, current: prompt.id },
    });
    const learn = actionsOf(card).find((a) => (a.data as { verb?: string })?.verb === 'ask')!;
    expect(learn.type).toBe('Action.Submit');
    expect((learn.data as { id: string }).id).toBe(prompt.ask);
    expect((learn.data as { msteams: unknown }).msteams).toEqual({
      type: 'messageBack',
      displayText: learn.title,
    });
    // Its why is quoted from somewhere: the card names the page and opens it.
    expect(textOf(card)).toContain(`Source: ${prompt.source.title}`);
    expect(JSON.stringify(card)).toContain(
      JSON.stringify({ type: 'Action.OpenUrl', title: 'Open the source', url: prompt.source.url }),
    );
  });

  it('"qi study" shows "What did you learn?" with Next stage to Act', async () => {
    const { card } = await replyTo(message('qi study'));
    expect(textOf(card)).toContain('What did you learn?');
    expect(textOf(card)).toContain('PDSA: Study');
    expect(executeAction(card, 'Next stage')).toMatchObject({ verb: 'qi-next', data: { topic: 'act' } });
    const next = await invoke(server, 'qi-next', { topic: 'act' });
    expect(textOf(next)).toContain('What next?');
  });

  it.each([
    ['qi fishbone', 'fishbone'],
    ['QI Fishbone!', 'fishbone'],
    ['qi 5 whys', 'five-whys'],
    ['qi five-whys', 'five-whys'],
    ['qi equity', 'equity'],
    ['qi mfi', 'model-for-improvement'],
    ['qi pdsa', 'plan'],
    ['qi measures', 'measures'],
  ])('"%s" starts the %s topic with its first prompt, in a channel too', async (text, topic) => {
    const first = prompts.topic(topic)!.prompts[0];
    for (const scope of ['personal', 'channel'] as const) {
      const { card } = await replyTo(message(text, scope));
      expect(promptOf(card).id).toBe(first.id);
      expect(executeAction(card, 'Another one').data).toEqual({ scope: topic, current: first.id });
    }
  });

  it('a tool card has no Next stage; a stage card does', async () => {
    const tool = await replyTo(message('qi fishbone'));
    expect(actionsOf(tool.card).map((a) => a.title)).not.toContain('Next stage');
    const stage = await replyTo(message('qi plan'));
    expect(executeAction(stage.card, 'Next stage').data).toEqual({ topic: 'do' });
  });

  it('"Another one" replaces the card with a different prompt of the same topic, for the presser', async () => {
    const { card } = await replyTo(message('qi fishbone'));
    const another = executeAction(card, 'Another one');
    const next = await invoke(server, another.verb, another.data);
    const prompt = promptOf(next);
    expect(prompt.topic).toBe('fishbone');
    expect(prompt.id).not.toBe(another.data.current);
  });

  it('the Submit fallback updates the card in place rather than posting a new one', async () => {
    const { card } = await replyTo(message('qi equity'));
    const fallback = executeAction(card, 'Another one').fallback;
    const connector = await new FakeConnector().start();
    try {
      await server.post(
        '/api/messages',
        submit(fallback.data, 'personal', { expectReplies: false, serviceUrl: connector.url }),
      );
      await connector.waitFor(1);
      expect(connector.requests.map((r) => r.method)).toEqual(['PUT']);
      expect(connector.requests[0].path).toMatch(/\/activities\/card-activity-1$/);
      const updated = (connector.requests[0].body as { attachments: { content: Card }[] }).attachments[0]
        .content;
      expect(promptOf(updated).topic).toBe('equity');
      expect(promptOf(updated).id).not.toBe(fallback.data.current);
    } finally {
      await connector.stop();
    }
  });

  it('"Another one" works on a freshly started server: the card carries all it needs', async () => {
    const { card } = await replyTo(message('qi measures'));
    const another = executeAction(card, 'Another one');
    const fresh = await startTestServer();
    try {
      const next = await invoke(fresh, another.verb, another.data);
      expect(promptOf(next).topic).toBe('measures');
      expect(promptOf(next).id).not.toBe(another.data.current);
    } finally {
      await fresh.stop();
    }
  });

  it('an unknown prompt id or scope (content changed since) still gets a prompt', async () => {
    const next = await invoke(server, 'qi-another', { scope: 'no-such-topic', current: 'gone' });
    expect(promptOf(next)).toBeDefined();
  });

  it.each(['qi tools', 'qi coaches in Luton', 'what is qi'])(
    '"%s" is a question, not the qi command',
    async (text) => {
      const { summary } = await replyTo(message(text));
      expect(summary).not.toMatch(/^QI prompt/);
    },
  );
});
