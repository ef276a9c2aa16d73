import { join } from 'node:path';
import { loadKnowledge } from '../src/knowledge/loadKnowledge';
import { startTestServer } from './helpers/testServer';

// test/helpers/shareShippedKnowledge.ts (jest setupFiles) saves a search index build per test
// server; if createApp stopped loading through loadKnowledge, the saving would go unnoticed.
it('test servers in one file share one load of the shipped knowledge', async () => {
  const root = join(__dirname, '..');
  const first = await startTestServer();
  const second = await startTestServer();
  try {
    expect(second.app.knowledge).toBe(first.app.knowledge);
    expect(loadKnowledge(join(root, 'knowledge'), root)).toBe(first.app.knowledge);
  } finally {
    await Promise.all([first.stop(), second.stop()]);
  }
});
