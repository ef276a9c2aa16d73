import { join } from 'node:path';
import type { Server } from 'restify';
import { Answerer, type Counters, MemoryCounters } from './bot/answering';
import { HealthEquityBot } from './bot/HealthEquityBot';
import { RateLimiter, rateLimited } from './bot/rateLimit';
import { turnErrorHandler } from './bot/turnError';
import { StorageWelcomeLedger } from './bot/welcomeLedger';
import { loadCardRenderer } from './cards/renderCard';
import type { Config } from './config';
import { type Knowledge, loadKnowledge } from './knowledge/loadKnowledge';
import type { Logger } from './log';
import { PROJECT_ROOT } from './paths';
import { type AuthenticationOptions, type BotAdapter, createAdapter } from './server/adapter';
import { createServer } from './server/createServer';
import type { StorageHealth } from './server/healthRoute';
import { Lifecycle } from './server/lifecycle';
import { tenantPolicy } from './server/tenantPolicy';
import { Installations, type Storage, UserFlags } from './storage';
import {
  BotFrameworkProactiveSender,
  type ProactiveSender,
  type ProactiveSenderOptions,
} from './teams/proactiveSender';

export interface AppOptions {
  config: Config;
  logger: Logger;
  version: string;
  knowledgeDir?: string;
  cardsDir?: string;
  /** Open and ready (index.ts opens it from the configuration); the caller closes it. */
  storage: Storage;
  /** The key of the HMAC that stands for a user's AAD object id in storage. */
  userKeySecret: string;
  counters?: Counters;
  /** How long /healthz waits for storage before calling it unreachable. */
  storageProbeTimeoutMs?: number;
  /** Token checking and connector timeouts; the defaults trust the Bot Framework's public keys. */
  authentication?: AuthenticationOptions;
  /** Retries, time limits and (in tests) the clock of proactive posts. */
  proactive?: ProactiveSenderOptions;
}

export interface App {
  server: Server;
  adapter: BotAdapter;
  bot: HealthEquityBot;
  knowledge: Knowledge;
  lifecycle: Lifecycle;
  storage: Storage;
  installations: Installations;
  userFlags: UserFlags;
  /** Posts, updates and deletes messages in stored conversations (the bot speaking first). */
  proactive: ProactiveSender;
}

/** Builds the whole service without listening: tests and index.ts share it. */
export function createApp(options: AppOptions): App {
  const { config, logger } = options;
  const knowledge = loadKnowledge(options.knowledgeDir ?? join(PROJECT_ROOT, 'knowledge'), PROJECT_ROOT);
  const cards = loadCardRenderer(options.cardsDir ?? join(PROJECT_ROOT, 'cards'));
  const adapter = createAdapter(config, options.authentication);
  adapter.onTurnError = turnErrorHandler(logger);
  const answerer = new Answerer(knowledge, cards, options.counters ?? new MemoryCounters());
  const { storage } = options;
  const installations = new Installations(storage);
  const userFlags = new UserFlags(storage, options.userKeySecret);
  const bot = new HealthEquityBot({
    answerer,
    welcomeLedger: new StorageWelcomeLedger(storage),
    installations,
    logger,
  });
  const lifecycle = new Lifecycle();
  const server = createServer({
    adapter,
    lifecycle,
    logger,
    maxBodyBytes: config.maxBodyBytes,
    version: options.version,
    knowledge: () => ({ entries: knowledge.entries.length, version: knowledge.version }),
    storage: () => storageHealth(storage, installations, logger, options.storageProbeTimeoutMs ?? 3000),
    tenants: tenantPolicy(config.allowedTenantIds, !config.localMode),
    logic:
      config.rateLimitPerMinute > 0
        ? rateLimited(
            new RateLimiter({ perMinute: config.rateLimitPerMinute }),
            (userId) => userFlags.keyFor(userId),
            logger,
            (context) => bot.run(context),
          )
        : (context) => bot.run(context),
  });
  const proactive = new BotFrameworkProactiveSender(
    { adapter, botAppId: config.microsoftAppId, logger },
    options.proactive,
  );
  return { server, adapter, bot, knowledge, lifecycle, storage, installations, userFlags, proactive };
}

/** Counting the installations is the probe: it proves the backend answers, in time. */
async function storageHealth(
  storage: Storage,
  installations: Installations,
  logger: Logger,
  timeoutMs: number,
): Promise<StorageHealth> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const count = await Promise.race([
      installations.count(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { backend: storage.backend, reachable: true, installations: count };
  } catch (err) {
    logger.warn(
      { event: 'storage-unreachable', backend: storage.backend, reason: (err as Error).message },
      'storage health check failed',
    );
    return { backend: storage.backend, reachable: false, installations: 0 };
  } finally {
    clearTimeout(timer);
  }
}
