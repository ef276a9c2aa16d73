import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, createApp } from '../../src/app';
import { type Config, loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { close } from '../../src/server/createServer';
import { openStorage } from '../../src/storage';

export interface RunningServer {
  app: App;
  url: string;
  post(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; json: unknown; text: string }>;
  stop(): Promise<void>;
}

/**
 * The real service on a random loopback port, with config from the given environment. Unless the
 * overrides bring a storage (which the caller then closes), it gets its own SQLite store in a
 * temporary folder, removed on stop.
 */
export async function startTestServer(
  env: Record<string, string> = {},
  overrides: Partial<Parameters<typeof createApp>[0]> = {},
): Promise<RunningServer> {
  const dataDir = overrides.storage ? undefined : mkdtempSync(join(tmpdir(), 'bot-test-'));
  const config: Config = loadConfig({
    LOG_LEVEL: 'silent',
    // Tests send many messages as one user; the rate limit's own tests set it.
    RATE_LIMIT_PER_MINUTE: '0',
    ...(dataDir ? { DATA_DIR: dataDir } : {}),
    ...env,
  });
  const storage = overrides.storage ?? (await openStorage(config));
  const cleanUp = async (): Promise<void> => {
    if (!dataDir) return;
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  let app: App;
  try {
    app = createApp({
      config,
      logger: createLogger(config.logLevel),
      version: '0.0.0-test',
      userKeySecret: randomBytes(32).toString('hex'),
      ...overrides,
      storage,
    });
  } catch (err) {
    await cleanUp();
    throw err;
  }
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    app,
    url,
    async post(path, body, headers = {}) {
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, json, text };
    },
    async stop() {
      await close(app.server);
      await cleanUp();
    },
  };
}

/** The replies of an expectReplies response. */
export function repliesOf(json: unknown): Record<string, unknown>[] {
  return ((json as { activities?: Record<string, unknown>[] })?.activities ?? []) as Record<
    string,
    unknown
  >[];
}

/** The adaptive card content of a reply, or undefined. */
export function cardOf(activity: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const attachments = activity?.attachments as
    | { contentType: string; content: Record<string, unknown> }[]
    | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** Every action anywhere in a card (top level and inside ActionSets). */
export function actionsOf(card: Record<string, unknown> | undefined): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (typeof obj.type === 'string' && obj.type.startsWith('Action.')) found.push(obj);
      for (const v of Object.values(obj)) walk(v);
    }
  };
  walk(card?.body);
  walk(card?.actions);
  return found;
}

/** Every TextBlock text in a card, joined. */
export function textOf(card: Record<string, unknown> | undefined): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (obj.type === 'TextBlock' && typeof obj.text === 'string') texts.push(obj.text);
      for (const v of Object.values(obj)) walk(v);
    }
  };
  walk(card?.body);
  return texts.join('\n');
}
