import { TestAdapter } from 'botbuilder';
import { createLogger } from '../src/log';
import { turnErrorHandler } from '../src/teams/turnError';

describe('onTurnError', () => {
  it("apologises with a reference and logs where the error was thrown, not its message or the person's text", async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const adapter = new TestAdapter(async () => {
      // Errors can quote what people wrote, as this one does.
      throw new Error('boom: my private question about Zed Marker');
    });
    adapter.onTurnError = turnErrorHandler(logger);
    await adapter.send('my private question about Zed Marker').assertReply((reply) => {
      expect(reply.text).toMatch(/^Sorry, something went wrong/);
    });
    const logged = lines.join('\n');
    expect(logged).toMatch(/"msg":"turn error"/);
    expect(logged).toMatch(/"err":\{"name":"Error","frames":\["at [^"]*turnError\.test\.ts:\d+/);
    expect(logged).not.toMatch(/boom|Zed Marker/);
  });
});
