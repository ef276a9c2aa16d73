import type { Activity } from 'botbuilder';
import { message } from './helpers/activities';
import { type RunningServer, repliesOf, startTestServer } from './helpers/testServer';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const CHAT = '19:meeting_prompts@thread.v2';

/** What Teams sends to a meeting's chat when the meeting starts or ends. */
function meetingEvent(kind: 'Start' | 'End', value: Record<string, unknown> = {}): Activity {
  const activity = message('', 'groupChat', { conversationId: CHAT }) as unknown as Record<string, unknown>;
  delete activity.text;
  return {
    ...activity,
    type: 'event',
    name: `application/vnd.microsoft.meeting${kind}`,
    value: {
      Id: 'MCMxOTptZWV0aW5n',
      JoinUrl: 'https://teams.microsoft.com/l/meetup-join/x',
      MeetingType: 'Scheduled',
      Title: 'Marsh Farm missed appointments: weekly huddle',
      [`${kind}Time`]: '2026-12-07T09:00:00Z',
      ...value,
    },
  } as unknown as Activity;
}

const say = async (text: string) =>
  repliesOf((await server.post('/api/messages', message(text, 'groupChat', { conversationId: CHAT }))).json);
const event = async (kind: 'Start' | 'End') => {
  const res = await server.post('/api/messages', meetingEvent(kind));
  expect(res.status).toBe(200);
  return repliesOf(res.json);
};

describe('meeting prompts', () => {
  it('are off by default: a meeting starting and ending gets no card', async () => {
    expect(await event('Start')).toEqual([]);
    expect(await event('End')).toEqual([]);
  });

  it('once on, a starting meeting gets the opening card with its title, an ending one the reflection', async () => {
    expect(JSON.stringify(await say('meeting prompts on'))).toMatch(/Meeting prompts on/);
    const opening = JSON.stringify(await event('Start'));
    expect(opening).toContain('The meeting has started');
    expect(opening).toContain('Marsh Farm missed appointments: weekly huddle');
    expect(opening).toContain('"verb":"flow-start"');
    const closing = JSON.stringify(await event('End'));
    expect(closing).toContain('What did we learn today?');

    expect(JSON.stringify(await say('meeting prompts off'))).toMatch(/Meeting prompts off/);
    expect(await event('Start')).toEqual([]);
    expect(JSON.stringify(await say('meeting prompts'))).toMatch(/off here/);
  });

  it('a meeting event with a malformed value is refused with 400, not an apology', async () => {
    const res = await server.post('/api/messages', meetingEvent('Start', { Title: 42 }));
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/value\.Title/);
    const missing = await server.post('/api/messages', { ...meetingEvent('End'), value: null });
    expect(missing.status).toBe(400);
  });

  it('"meeting notes from last week" is a question, not the command', async () => {
    expect(JSON.stringify(await say('meeting notes from last week'))).not.toMatch(/Meeting prompts/);
  });
});
