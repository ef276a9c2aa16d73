import { TestAdapter } from 'botbuilder';
import { createLogger } from '../src/log';
import { turnErrorHandler } from '../src/teams/turnError';

describe('onTurnError', () => {
  it('apologises with a reference and logs the error without the message text', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const adapter = new TestAdapter(async () => {
      throw new Error('boom');
    });
    adapter.onTurnError = turnErrorHandler(logger);
    await adapter.send('my private question about Zed Marker').assertReply((reply) => {
      expect(reply.text).toMatch(/^Sorry, something went wrong/);
    });
    const logged = lines.join('\n');
    expect(logged).toMatch(/"msg":"turn error"/);
    expect(logged).toMatch(/boom/);
    expect(logged).not.toMatch(/Zed Marker/);
  });
});
