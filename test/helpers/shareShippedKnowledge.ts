import type * as KnowledgeModule from '../../src/knowledge/loadKnowledge';

/**
 * Loading the shipped knowledge/ folder parses every file and builds the search index, which takes
 * a second or more, and a test file may do it many times: each test server (createApp loads it),
 * and module-level loadKnowledge/readKnowledge calls. Run before every test file (jest.config.js
 * `setupFiles`), this makes the first load of the shipped folder the real one and hands the same
 * result to later loads in that file.
 *
 * - Only the shipped folder, which no test writes to, is shared. Any other folder (a fixture copy
 *   with custom content) is read afresh every time, so tests of broken content see their own.
 * - Tests must not change what they get; a spy is restored before its test ends.
 * - Jest gives each test file its own module registry, so this is once per test file, not once
 *   per worker process: objects from one file's registry cannot safely be handed to another.
 */
jest.mock('../../src/knowledge/loadKnowledge', () => {
  const { join, resolve } = jest.requireActual<typeof import('node:path')>('node:path');
  const actual = jest.requireActual<typeof KnowledgeModule>('../../src/knowledge/loadKnowledge');
  const root = resolve(__dirname, '..', '..');
  const shippedDir = join(root, 'knowledge');
  // The project root changes the file names in the result, so it is part of what makes it "shipped".
  const isShipped = (dir: string, projectRoot?: string): boolean =>
    resolve(dir) === shippedDir && resolve(projectRoot ?? join(dir, '..')) === root;

  let shipped: KnowledgeModule.LoadResult | undefined;
  const readKnowledge: typeof actual.readKnowledge = (dir, projectRoot) => {
    if (!isShipped(dir, projectRoot)) return actual.readKnowledge(dir, projectRoot);
    shipped ??= actual.readKnowledge(dir, projectRoot);
    return shipped;
  };
  const loadKnowledge: typeof actual.loadKnowledge = (dir, projectRoot) => {
    if (!isShipped(dir, projectRoot)) return actual.loadKnowledge(dir, projectRoot);
    const { knowledge, problems } = readKnowledge(dir, projectRoot);
    // Should the shipped content ever be broken, the real function throws its real error.
    if (!knowledge || problems.some((p) => p.severity === 'error'))
      return actual.loadKnowledge(dir, projectRoot);
    return knowledge;
  };
  return { ...actual, readKnowledge, loadKnowledge };
});
