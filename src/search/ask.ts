import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { capQuestion } from '../answers/questionCap';
import { ContentError } from '../errors';
import { entryText } from '../knowledge/entry';
import { type Knowledge, loadKnowledge } from '../knowledge/loadKnowledge';
import { PROJECT_ROOT } from '../paths';
import { COMMANDS } from '../routes';
import { routeMessage } from '../routing/messageRoute';

/**
 * `npm run --silent ask -- [--json] [question words...]`: what the bot would answer, without
 * Teams, storage or credentials. The JSON form is a contract for tooling (PRODUCT.md).
 */
const USAGE = `Usage: npm run --silent ask -- [--json] [question words...]
  With no question words, reads one question per line from standard input.
  --json   one JSON line per question: {"question","decision","results":[{"id","title","score","text"}]}
           decision is answer, suggest, none, signpost (the urgent-help card; "signpost" names the
           category) or command ("command" names it); a greeting or thanks is "none" with
           "chitChat" naming its kind`;

interface AskLine {
  question: string;
  decision: 'answer' | 'suggest' | 'none' | 'signpost' | 'command';
  results: { id: string; title: string; score: number; text: string }[];
  /** For "signpost": the urgent category; the bot shows the urgent-help card and searches nothing. */
  signpost?: string;
  /** For "command": the command the message is. */
  command?: string;
  /** True when the question touches a sensitive topic: the card adds the support line. */
  sensitive?: boolean;
  /** For a social message (decision "none"): its kind in knowledge/chitchat.yaml; nothing is searched. */
  chitChat?: string;
}

export function ask(knowledge: Knowledge, input: string): AskLine {
  const question = input.trim();
  if (question === '') return { question, decision: 'none', results: [] };
  // The same routing as the bot: urgent first, then commands, then search.
  const route = routeMessage(question, {
    signposter: knowledge.signposter,
    commands: COMMANDS,
    isQiTopic: (words) => knowledge.guidance.prompts.topicFor(words) !== undefined,
  });
  if (route.kind === 'signpost')
    return { question, decision: 'signpost', results: [], signpost: route.category };
  if (route.kind === 'command')
    return { question, decision: 'command', results: [], command: route.command.name };
  const outcome = knowledge.index.search(capQuestion(route.text).text);
  const line: AskLine = {
    question,
    decision: outcome.decision,
    results: outcome.results.map((r) => ({
      id: r.entry.id,
      title: r.entry.title,
      score: r.score,
      text: entryText(r.entry),
    })),
  };
  if (route.sensitive) line.sensitive = true;
  if (outcome.chitChat) line.chitChat = outcome.chitChat.kind;
  return line;
}

function readable(line: AskLine): string {
  const out = [`? ${line.question}`];
  if (line.decision === 'signpost') {
    out.push(`  SIGNPOST: the bot shows the urgent-help card (${line.signpost}); nothing is searched`);
    return out.join('\n');
  }
  if (line.decision === 'command') {
    out.push(`  COMMAND: the bot runs "${line.command}" (see docs/commands.md); nothing is searched`);
    return out.join('\n');
  }
  if (line.chitChat) {
    out.push(`  CHIT-CHAT (${line.chitChat}): the bot replies in kind; nothing is searched`);
    return out.join('\n');
  }
  const label = { answer: 'ANSWER', suggest: 'DID YOU MEAN', none: 'NO ANSWER' }[line.decision];
  out.push(`  ${label}${line.sensitive ? ' (with the support line: a sensitive topic)' : ''}`);
  line.results.forEach((r, i) => {
    out.push(`  ${i + 1}. ${r.title} [${r.id}] score ${r.score.toFixed(3)}`);
    if (i === 0 && line.decision === 'answer') out.push(...r.text.split('\n').map((t) => `     ${t}`));
  });
  return out.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const words = argv.filter((a) => a !== '--json');
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = words.find((w) => w.startsWith('--'));
  if (unknown) {
    process.stderr.write(`Unknown option ${unknown}\n${USAGE}\n`);
    return 2;
  }
  let knowledge: Knowledge;
  try {
    knowledge = loadKnowledge(join(PROJECT_ROOT, 'knowledge'), PROJECT_ROOT);
  } catch (err) {
    process.stderr.write(`${err instanceof ContentError ? err.message : String(err)}\n`);
    return 1;
  }
  const emit = (input: string): void => {
    const line = ask(knowledge, input);
    process.stdout.write(json ? `${JSON.stringify(line)}\n` : `${readable(line)}\n\n`);
  };
  if (words.length > 0) {
    emit(words.join(' '));
    return 0;
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const input of lines) emit(input);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
