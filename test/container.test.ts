import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from 'dockerfile-utils';
import { ROOT } from './helpers/process';

/**
 * The Dockerfile and the two ignore files, checked without a container daemon (there is none where
 * this project is built): the Dockerfile parses and lints clean, what it copies from the build
 * context exists and is not excluded, and the runtime stage keeps the promises in its comments.
 * That the image builds and runs is for its first real build to show (docs/operations.md).
 */

const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');
const dockerfile = read('Dockerfile');
/** Instructions with their continuation lines joined. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));
const stages = (() => {
  const out: string[][] = [];
  for (const line of instructions) {
    if (/^FROM /i.test(line)) out.push([]);
    out.at(-1)?.push(line);
  }
  return out;
})();
const runtime = stages.at(-1) ?? [];

/** The top-level names an ignore file leaves out (its lines, without negations and comments). */
const ignored = (file: string): string[] =>
  read(file)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('!'))
    .map((l) => l.replace(/^\//, '').replace(/\/$/, ''));
const matches = (pattern: string, name: string): boolean =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`).test(name);
const isIgnored = (file: string, path: string): boolean =>
  ignored(file).some((pattern) => matches(pattern, path.split('/')[0]) || matches(pattern, path));

describe('the Dockerfile', () => {
  it('parses and lints clean', () => {
    expect(validate(dockerfile).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('is multi-stage, and the runtime installs production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(instructions.some((l) => /^RUN .*npm ci --omit=dev/.test(l))).toBe(true);
    expect(runtime.filter((l) => /^RUN .*npm (ci|install)/.test(l))).toEqual([]);
  });

  it('copies only what exists in the build context and .dockerignore lets through', () => {
    const sources = instructions
      .filter((l) => /^COPY /i.test(l) && !/--from=/.test(l))
      .flatMap((l) => {
        const parts = l.split(/\s+/).filter((p) => !p.startsWith('--'));
        return parts.slice(1, -1);
      })
      .filter((s) => s !== '.');
    expect(sources).toEqual(
      expect.arrayContaining(['package.json', 'package-lock.json', 'knowledge', 'cards']),
    );
    for (const source of sources) {
      expect(`${source} exists: ${existsSync(join(ROOT, source))}`).toBe(`${source} exists: true`);
      expect(`${source} ignored: ${isIgnored('.dockerignore', source)}`).toBe(`${source} ignored: false`);
    }
    // The build stage compiles from the whole context: the sources must be in it.
    for (const needed of ['src', 'scripts', 'test', 'tsconfig.json', 'tsconfig.build.json'])
      expect(`${needed} ignored: ${isIgnored('.dockerignore', needed)}`).toBe(`${needed} ignored: false`);
  });

  it('keeps secrets, local state and installed output out of the build context', () => {
    for (const path of ['.env', 'env', 'build', 'data', 'node_modules', 'dist', '.localConfigs'])
      expect(`${path} ignored: ${isIgnored('.dockerignore', path)}`).toBe(`${path} ignored: true`);
  });

  it('runs as a user other than root, the compiled service, with a HEALTHCHECK on /healthz', () => {
    expect(runtime.filter((l) => /^USER /i.test(l)).at(-1)).toMatch(/^USER (?!root\b|0\b)\S+/);
    expect(runtime.find((l) => /^HEALTHCHECK /i.test(l))).toContain('/healthz');
    expect(runtime.find((l) => /^CMD /i.test(l))).toContain('dist/src/index.js');
    // What the CMD runs is what `npm run build` makes (the tests run after it).
    expect(existsSync(join(ROOT, 'dist', 'src', 'index.js'))).toBe(true);
    expect(runtime.some((l) => /^COPY --from=build .*\/app\/dist\/src \.\/dist\/src/.test(l))).toBe(true);
  });
});

describe('.webappignore (what atk deploy uploads to App Service)', () => {
  it('uploads what the service runs from', () => {
    for (const path of [
      'dist',
      'dist/src/index.js',
      'knowledge',
      'cards',
      'package.json',
      'package-lock.json',
    ])
      expect(`${path} ignored: ${isIgnored('.webappignore', path)}`).toBe(`${path} ignored: false`);
  });

  it('leaves out secrets, local state and what App Service installs itself', () => {
    for (const path of ['.env', 'env', 'build', 'data', 'node_modules', '.localConfigs', 'src'])
      expect(`${path} ignored: ${isIgnored('.webappignore', path)}`).toBe(`${path} ignored: true`);
  });
});
