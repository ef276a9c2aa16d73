import { join } from 'node:path';
import type { Server } from 'restify';
import { Answerer, type Counters, MemoryCounters } from './bot/answering';
import { HealthEquityBot } from './bot/HealthEquityBot';
import { turnErrorHandler } from './bot/turnError';
import { MemoryWelcomeLedger, type WelcomeLedger } from './bot/welcomeLedger';
import { loadCardRenderer } from './cards/renderCard';
import type { Config } from './config';
import { type Knowledge, loadKnowledge } from './knowledge/loadKnowledge';
import type { Logger } from './log';
import { PROJECT_ROOT } from './paths';
import { type BotAdapter, createAdapter } from './server/adapter';
import { createServer } from './server/createServer';
import { Lifecycle } from './server/lifecycle';

export interface AppOptions {
  config: Config;
  logger: Logger;
  version: string;
  knowledgeDir?: string;
  cardsDir?: string;
  welcomeLedger?: WelcomeLedger;
  counters?: Counters;
}

export interface App {
  server: Server;
  adapter: BotAdapter;
  bot: HealthEquityBot;
  knowledge: Knowledge;
  lifecycle: Lifecycle;
}

/** Builds the whole service without listening: tests and index.ts share it. */
export function createApp(options: AppOptions): App {
  const { config, logger } = options;
  const knowledge = loadKnowledge(options.knowledgeDir ?? join(PROJECT_ROOT, 'knowledge'), PROJECT_ROOT);
  const cards = loadCardRenderer(options.cardsDir ?? join(PROJECT_ROOT, 'cards'));
  const adapter = createAdapter(config);
  adapter.onTurnError = turnErrorHandler(logger);
  const answerer = new Answerer(knowledge, cards, options.counters ?? new MemoryCounters());
  const bot = new HealthEquityBot({
    answerer,
    welcomeLedger: options.welcomeLedger ?? new MemoryWelcomeLedger(),
    logger,
  });
  const lifecycle = new Lifecycle();
  const allowed = new Set(config.allowedTenantIds);
  const server = createServer({
    adapter,
    lifecycle,
    logger,
    maxBodyBytes: config.maxBodyBytes,
    version: options.version,
    knowledge: () => ({ entries: knowledge.entries.length, version: knowledge.version }),
    logic: async (context) => {
      const tenant = (context.activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
      if (allowed.size > 0 && !(tenant && allowed.has(tenant))) {
        // Activities from other tenants get nothing, not even an error.
        logger.warn({ event: 'tenant-refused' }, 'activity from a tenant outside ALLOWED_TENANT_IDS');
        return;
      }
      await bot.run(context);
    },
  });
  return { server, adapter, bot, knowledge, lifecycle };
}
