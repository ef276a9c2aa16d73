import { join, resolve } from 'node:path';
import { checkKnowledgeReport } from '../knowledge/checkKnowledge';
import { formatProblem } from '../knowledge/problems';
import { PROJECT_ROOT } from '../paths';

/**
 * `npm run kb:check [-- --knowledge DIR] [--today YYYY-MM-DD] [--strict]`: every problem in the
 * knowledge, one per line as `path:line:col: severity CODE: message (fix: ...)`, then how many entries
 * are drafts awaiting review by their owner. Exit 1 on any error; with --strict (for a deployment that
 * requires sign-off) every draft is an error.
 */
const USAGE = [
  'Usage: npm run kb:check [-- --knowledge DIR] [--today YYYY-MM-DD] [--strict]',
  '  --knowledge DIR      check this knowledge folder instead of knowledge/',
  '  --today YYYY-MM-DD   date to measure stale entries from (default: today)',
  '  --strict             fail on any draft: an entry no named reviewer has signed off (reviewed + reviewedBy)',
].join('\n');

function main(argv: string[]): number {
  let dir = join(PROJECT_ROOT, 'knowledge');
  let today = new Date();
  let strict = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--knowledge' && value) {
      dir = resolve(value);
      i++;
    } else if (arg === '--strict') {
      strict = true;
    } else if (arg === '--today' && value && !Number.isNaN(Date.parse(value))) {
      today = new Date(value);
      i++;
    } else {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
  }
  const { problems, entries, drafts } = checkKnowledgeReport(dir, resolve(dir, '..'), { today, strict });
  for (const p of problems) process.stdout.write(`${formatProblem(p)}\n`);
  process.stdout.write(
    `${drafts.length} of ${entries} entries ${drafts.length === 1 ? 'is a draft' : 'are drafts'} awaiting review by their owner${
      drafts.length > 0 && !strict ? ' (--strict fails on drafts)' : ''
    }\n`,
  );
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  process.stdout.write(`${errors} error(s), ${warnings} warning(s)\n`);
  return errors > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
