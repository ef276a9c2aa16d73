import { join } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { loadConfig } from '../src/config';
import { PROJECT_ROOT } from '../src/paths';
import { startLocalStack } from './localStack';

/** `npm run playground`: the bot plus a local Teams-like chat client, and the address to open. */
async function main(): Promise<void> {
  loadDotenv({ path: join(PROJECT_ROOT, '.env'), quiet: true });
  const config = loadConfig(process.env);
  const stack = await startLocalStack({ botPort: config.port, playgroundPort: 56150, echo: true });
  process.stdout.write(
    `\n  Chat with the bot: open ${stack.playgroundUrl} in your browser.\n  Press Ctrl+C to stop.\n\n`,
  );
  const stop = (): void => {
    void stack.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
