import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { createApp } from './app';
import { loadConfig } from './config';
import { ConfigError, ContentError } from './errors';
import { createLogger } from './log';
import { loggedError } from './loggedError';
import { PROJECT_ROOT } from './paths';
import { close, listen } from './server/createServer';
import { isStorageError, openStorage, resolveUserKeySecret, type Storage } from './storage';

/** Composition root: config -> logger -> storage -> app (knowledge, cards, adapter, bot, server) -> listen. */
async function main(): Promise<void> {
  loadDotenv({ path: join(PROJECT_ROOT, '.env'), quiet: true });
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  for (const warning of config.warnings) logger.warn({ event: 'config' }, warning);
  const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  const storage = await openStorage(config);
  let app: ReturnType<typeof createApp>;
  let port: number;
  try {
    const userKeySecret = resolveUserKeySecret(config);
    app = createApp({ config, logger, version, storage, userKeySecret });
    port = await listen(app.server, config.port, config.host);
  } catch (err) {
    await closeStorage(storage);
    throw err;
  }
  logger.info(
    {
      event: 'started',
      host: config.host,
      port,
      storage: storage.backend,
      knowledgeEntries: app.knowledge.entries.length,
      knowledgeVersion: app.knowledge.version,
    },
    `listening on http://${config.host}:${port}/api/messages`,
  );
  if (config.digestCheckSeconds > 0) app.digest.scheduler.start();
  app.huddleSweeper.start();

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ event: 'stopping', signal, turnsInFlight: app.lifecycle.turnsInFlight }, 'shutting down');
    // A digest run in progress may finish within the grace period; one cut short is safe, since
    // every send was claimed first and the next run delivers the rest.
    const [finished] = await Promise.all([
      app.lifecycle.drain(config.shutdownGraceMs),
      Promise.race([
        Promise.all([app.digest.scheduler.stop(), app.huddleSweeper.stop()]),
        new Promise((r) => setTimeout(r, config.shutdownGraceMs)),
      ]),
    ]);
    await app.digest.counts
      .flush()
      .catch((err: unknown) => logger.warn({ err: loggedError(err) }, 'answer counts not saved'));
    if (!finished)
      logger.warn({ event: 'stopping', turnsInFlight: app.lifecycle.turnsInFlight }, 'grace period over');
    await Promise.race([close(app.server), new Promise((r) => setTimeout(r, 1000))]);
    // Only now: turns that were allowed to finish may still have been writing.
    await closeStorage(storage);
    logger.info({ event: 'stopped' }, 'stopped');
    logger.flush();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

async function closeStorage(storage: Storage): Promise<void> {
  try {
    await storage.close();
  } catch (err) {
    process.stderr.write(`Closing storage failed: ${(err as Error).message}\n`);
  }
}

main().catch((err: unknown) => {
  // Start-up failures go to standard error as plain text: an admin reads them, not a log pipeline.
  if (err instanceof ConfigError || err instanceof ContentError || isStorageError(err))
    process.stderr.write(`${err.message}\n`);
  else
    process.stderr.write(
      `Start-up failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  process.exit(1);
});
