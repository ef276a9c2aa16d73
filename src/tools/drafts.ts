import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { stringify } from 'yaml';
import { type DraftAnswer, DraftAnswers } from '../experts/drafts';
import { runTool, toolConfig, withStorage } from './storageTool';

/**
 * `npm run --silent drafts -- --out <folder>`: writes each answer the expert team kept as a draft
 * into a knowledge entry file for the content owners, then forgets the drafts written.
 */
const USAGE = `Usage: npm run --silent drafts -- --out <folder>
  Writes each expert answer kept as a draft to <folder>/<id>.md, in the shape of a knowledge entry,
  with TODO where the content owners must fill in (summary, source, owner). Move a finished file
  into knowledge/entries/ and run npm run kb:check. Reads the service's configuration (environment and .env).`;

/** A ticket's draft as an entry file: what the expert wrote, and TODO for what only an owner can add. */
export function draftEntry(draft: DraftAnswer): { id: string; text: string } {
  const id = `draft-${draft.ticketId.toLowerCase()}`;
  const title = draft.question.length > 90 ? `${draft.question.slice(0, 87)}...` : draft.question;
  const frontMatter = {
    id,
    title,
    questions: [
      draft.question,
      'TODO: the question in other words',
      'TODO: as a resident or volunteer would type it',
    ],
    tags: ['TODO'],
    principle: 'none',
    summary: 'TODO: two or three plain sentences that answer the question.',
    source: { title: 'TODO: the source this answer rests on', url: 'https://example.org/TODO' },
    owner: 'TODO: the team that keeps this entry',
    written: draft.at.slice(0, 10),
    related: [],
  };
  const text = `---\n${stringify(frontMatter, { lineWidth: 100 })}---\n${draft.answer.trim()}\n\n<!-- From expert team ticket ${draft.ticketId}. -->\n`;
  return { id, text };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length !== 2 || args[0] !== '--out' || args[1].trim() === '') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const out = isAbsolute(args[1]) ? args[1] : join(process.cwd(), args[1]);
  const written = await withStorage(toolConfig(), async (storage) => {
    const drafts = new DraftAnswers(storage);
    const all = await drafts.all();
    mkdirSync(out, { recursive: true });
    for (const draft of all) {
      const entry = draftEntry(draft);
      writeFileSync(join(out, `${entry.id}.md`), entry.text);
    }
    await drafts.remove(all.map((d) => d.ticketId));
    return all.length;
  });
  process.stdout.write(`wrote ${written} draft entr${written === 1 ? 'y' : 'ies'} to ${out}\n`);
  return 0;
}

if (require.main === module) runTool('Drafts', main);
