import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { variablesSchema } from '../src/configSchema';

const ROOT = join(__dirname, '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const envExample = readFileSync(join(ROOT, '.env.example'), 'utf8');

/** README's configuration table: each variable named in a row's first cell, and that row's default. */
function documentedDefaults(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of readme.split('\n')) {
    const cells = line.match(/^\| ([^|]+) \| ([^|]*) \|/);
    if (!cells) continue;
    for (const name of cells[1].split(',')) rows.set(name.trim().replace(/`/g, ''), cells[2].trim());
  }
  return rows;
}

// An operator reads the README to learn what an unset variable does: a default documented wrong is a
// deployment configured wrong (MicrosoftAppType was once said to be empty; it is MultiTenant).
describe('the configuration documentation', () => {
  const rows = documentedDefaults();
  const defaults = variablesSchema.parse({}) as Record<string, unknown>;
  const names = Object.keys(variablesSchema.shape);

  it.each(names)('README and .env.example name %s', (name) => {
    expect(rows.has(name)).toBe(true);
    expect(envExample).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
  });

  it.each(
    names.filter(
      (n) => typeof defaults[n] === 'number' || (typeof defaults[n] === 'string' && defaults[n] !== ''),
    ),
  )('README gives the default of %s as the code does', (name) => {
    expect(rows.get(name)).toMatch(new RegExp(`^${String(defaults[name]).replace('.', '\\.')}\\b`));
  });
});
