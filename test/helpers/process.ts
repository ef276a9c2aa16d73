import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  stdout: string[];
  exited: Promise<number | null>;
}

/**
 * Starts the built service (dist/, made by `pretest`) as a real process on a free port. Without a
 * DATA_DIR in `env` it gets a temporary one, removed when it exits.
 */
export async function startService(env: Record<string, string> = {}): Promise<ServiceProcess> {
  const ownDataDir = env.DATA_DIR === undefined ? mkdtempSync(join(tmpdir(), 'bot-service-')) : undefined;
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'index.js')], {
    cwd: ROOT,
    // Empty values win over a developer's .env, which dotenv never lets override the environment.
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      LOG_LEVEL: 'info',
      MicrosoftAppId: '',
      ALLOWED_TENANT_IDS: '',
      ...(ownDataDir ? { DATA_DIR: ownDataDir } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
      resolve(code);
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`service did not start: ${stdout.join('')}`)), 15000);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        stdout.push(line);
        const match = /listening on (http:\/\/[^/]+)/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      }
    });
    child.on('exit', () => reject(new Error(`service exited early: ${stdout.join('\n')}`)));
  });
  return { child, url, stdout, exited };
}

/**
 * Resolves with the first line of the service's output that matches, already printed or still to
 * come; rejects if the service exits or the deadline passes first.
 */
export function waitForOutput(service: ServiceProcess, pattern: RegExp, timeoutMs = 10000): Promise<string> {
  const seen = (): string | undefined => service.stdout.find((line) => pattern.test(line));
  const already = seen();
  if (already !== undefined) return Promise.resolve(already);
  return new Promise((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      service.child.stdout?.off('data', check);
      service.child.off('exit', exited);
    };
    // startService's listener comes first, so the lines of a chunk are in `stdout` when this runs.
    const check = (): void => {
      const line = seen();
      if (line === undefined) return;
      done();
      resolve(line);
    };
    const exited = (): void => {
      done();
      reject(new Error(`service exited before printing ${pattern}:\n${service.stdout.join('\n')}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`no line matching ${pattern} in ${timeoutMs} ms:\n${service.stdout.join('\n')}`));
    }, timeoutMs);
    service.child.stdout?.on('data', check);
    service.child.on('exit', exited);
  });
}

/** Runs a command to completion, collecting its output. */
export function run(
  command: string,
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
