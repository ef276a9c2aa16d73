import type { Ticket } from '../experts/tickets';
import { Installations, resolveUserKeySecret, type Storage, userKeyFor } from '../storage';
import { baseConversationId } from '../storage/installations';
import { runTool, toolConfig, withStorage } from './storageTool';

/**
 * `npm run --silent erase -- --conversation <id> | --user <AAD object id> | --user-key <hash>`:
 * erases what the bot keeps for one conversation (its installation and all its data) or one user
 * (whatever is kept under their keyed hash), in the configured storage. docs/privacy.md lists what is kept.
 */
const USAGE = `Usage: npm run --silent erase -- <what>
  --conversation <id>   a chat's conversation id, or a team's id (a team is one installation):
                        its conversation reference and everything kept for it
  --user <id>           a user's AAD object id: whatever is kept under its keyed hash
  --user-key <hash>     the same, by the 64-hex-digit hash (as stored, after "users/")
Reads the same configuration as the service (environment and .env).`;

export type EraseRequest =
  | { kind: 'conversation'; id: string }
  | { kind: 'user'; aadObjectId: string }
  | { kind: 'user-key'; hash: string };

export function parseEraseArgs(args: readonly string[]): EraseRequest | string {
  if (args.length !== 2) return 'give exactly one of --conversation, --user or --user-key, with its value';
  const [flag, value] = args;
  if (value.trim() === '') return `${flag} needs a value`;
  if (flag === '--conversation') return { kind: 'conversation', id: baseConversationId(value.trim()) };
  if (flag === '--user') return { kind: 'user', aadObjectId: value.trim() };
  if (flag === '--user-key') {
    const hash = value.trim().replace(/^users\//, '');
    return /^[0-9a-f]{64}$/.test(hash)
      ? { kind: 'user-key', hash }
      : '--user-key takes the 64-hex-digit hash';
  }
  return `unknown option ${flag}`;
}

/** Erases what the request names; the line says what was found and removed. */
export async function erase(request: EraseRequest, storage: Storage, userKeySecret: string): Promise<string> {
  if (request.kind === 'conversation') {
    const installations = new Installations(storage);
    const found = (await installations.get(request.id)) !== undefined;
    await installations.remove(request.id);
    const tickets = await eraseTicketsAskedIn(storage, request.id);
    const also = tickets > 0 ? ` and ${tickets} ticket(s) asked there` : '';
    return found
      ? `erased installation ${request.id} and everything kept for it${also}`
      : `no installation ${request.id}; removed any data left under it${also}`;
  }
  const key =
    request.kind === 'user' ? userKeyFor(userKeySecret, request.aadObjectId) : `users/${request.hash}`;
  // The key itself and anything a feature keeps beneath it.
  const keys = [...(await storage.read([key])).keys(), ...(await storage.list(`${key}/`)).keys];
  await storage.delete(keys);
  return keys.length > 0 ? `erased ${key}` : `nothing stored under ${key}`;
}

/** Tickets keep a reference to the chat they were asked in: erasing the chat erases them. */
async function eraseTicketsAskedIn(storage: Storage, conversationId: string): Promise<number> {
  const doomed: string[] = [];
  let continuation: string | undefined;
  do {
    const page = await storage.list('tickets/', { continuation });
    for (const item of (await storage.read(page.keys)).values()) {
      const asked = (item.value as Partial<Ticket>).asker?.chat?.conversation.id;
      if (asked !== undefined && baseConversationId(asked) === conversationId) doomed.push(item.key);
    }
    continuation = page.continuation;
  } while (continuation);
  await storage.delete(doomed);
  return doomed.length;
}

async function main(): Promise<number> {
  const request = parseEraseArgs(process.argv.slice(2));
  if (typeof request === 'string') {
    process.stderr.write(`${request}\n${USAGE}\n`);
    return 2;
  }
  const config = toolConfig();
  const line = await withStorage(config, (storage) => erase(request, storage, resolveUserKeySecret(config)));
  process.stdout.write(`${line}\n`);
  return 0;
}

if (require.main === module) runTool('Erase', main);
