import { join, resolve } from 'node:path';
import { checkKnowledge } from '../knowledge/checkKnowledge';
import { formatProblem } from '../knowledge/loadKnowledge';
import { PROJECT_ROOT } from '../paths';

/**
 * `npm run kb:check [-- --knowledge DIR] [--today YYYY-MM-DD]`: every problem in the knowledge,
 * one per line as `path:line:col: severity CODE: message (fix: ...)`. Exit 1 on any error.
 */
const USAGE = 'Usage: npm run kb:check [-- --knowledge DIR] [--today YYYY-MM-DD]';

function main(argv: string[]): number {
  let dir = join(PROJECT_ROOT, 'knowledge');
  let today = new Date();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--knowledge' && value) {
      dir = resolve(value);
      i++;
    } else if (arg === '--today' && value && !Number.isNaN(Date.parse(value))) {
      today = new Date(value);
      i++;
    } else {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
  }
  const problems = checkKnowledge(dir, resolve(dir, '..'), { today });
  for (const p of problems) process.stdout.write(`${formatProblem(p)}\n`);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  process.stdout.write(`${errors} error(s), ${warnings} warning(s)\n`);
  return errors > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
