import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/paths';

/**
 * Starts the built bot and the Microsoft 365 Agents Playground beside it, both on loopback, for
 * `npm run playground` and the screenshot script. Nothing here needs Azure or a Teams tenant.
 */
export interface LocalStack {
  botUrl: string;
  playgroundUrl: string;
  stop(): Promise<void>;
}

export interface StackOptions {
  botPort: number;
  playgroundPort: number;
  /** Echo both processes' output (the playground command shows it; the screenshot script does not). */
  echo: boolean;
}

function waitForLine(
  child: ChildProcess,
  pattern: RegExp,
  name: string,
  echo: boolean,
  timeoutMs = 60000,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      if (echo) process.stdout.write(chunk);
      buffer += chunk.toString();
      const match = pattern.exec(buffer);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      if (echo) process.stderr.write(chunk);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it was ready`));
    });
  });
}

const stopChild = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });

export async function startLocalStack(options: StackOptions): Promise<LocalStack> {
  const bot = spawn(
    process.execPath,
    ['--disable-warning=DEP0111', join(PROJECT_ROOT, 'dist', 'src', 'index.js')],
    {
      cwd: PROJECT_ROOT,
      // Local mode on purpose: the playground's mock connector does not authenticate.
      env: { ...process.env, PORT: String(options.botPort), HOST: '127.0.0.1', MicrosoftAppId: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const started = await waitForLine(bot, /listening on (http:\/\/[^\s"]+)/, 'the bot', options.echo);
  const botUrl = started[1];

  const cli = join(PROJECT_ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  if (!existsSync(cli)) {
    await stopChild(bot);
    throw new Error('The Agents Playground is not installed: run `npm ci` first');
  }
  const playground = spawn(
    process.execPath,
    [cli, '-e', botUrl, '-c', 'msteams', '-p', String(options.playgroundPort), '--dt'],
    {
      cwd: PROJECT_ROOT,
      // Without this the playground tries to open a browser and exits when it cannot.
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  try {
    const listening = await waitForLine(
      playground,
      /Listening on (\d+)/,
      'the Agents Playground',
      options.echo,
    );
    return {
      botUrl,
      playgroundUrl: `http://localhost:${listening[1]}`,
      stop: async () => {
        await Promise.all([stopChild(playground), stopChild(bot)]);
      },
    };
  } catch (err) {
    await Promise.all([stopChild(playground), stopChild(bot)]);
    throw err;
  }
}
