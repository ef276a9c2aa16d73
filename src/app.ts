import { join } from 'node:path';
import type { Server } from 'restify';
import { loadCardRenderer } from './cards/renderCard';
import type { Config } from './config';
import { type Counters, MemoryCounters } from './counters';
import { buildDigest, type Digest } from './digest/digestFeature';
import { type Knowledge, loadKnowledge } from './knowledge/loadKnowledge';
import type { Logger } from './log';
import { HuddleStore } from './meetings/huddleStore';
import { huddleSweeper } from './meetings/huddleSweep';
import { PROJECT_ROOT } from './paths';
import type { PeriodicRun } from './periodicRun';
import { buildFeatures, routingTable } from './routes';
import { Router } from './routing/router';
import { type AuthenticationOptions, type BotAdapter, createAdapter } from './server/adapter';
import { createServer } from './server/createServer';
import type { StorageHealth } from './server/healthRoute';
import { Lifecycle } from './server/lifecycle';
import { tenantPolicy } from './server/tenantPolicy';
import { Installations, type Storage, userKeyFor } from './storage';
import {
  BotFrameworkProactiveSender,
  type ProactiveSender,
  type ProactiveSenderOptions,
} from './teams/proactiveSender';
import { RateLimiter, rateLimited } from './teams/rateLimit';
import { TeamsBot } from './teams/teamsBot';
import { turnErrorHandler } from './teams/turnError';
import { StorageWelcomeLedger } from './welcome/welcomeLedger';

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
  /** The time now, for digests (tests move it). */
  clock?: () => Date;
  /** The digest pacer's wait (tests pass one that returns at once). */
  digestSleep?: (ms: number) => Promise<void>;
}

export interface App {
  server: Server;
  adapter: BotAdapter;
  bot: TeamsBot;
  /** Commands, card verbs and events, each to its feature's handler. */
  router: Router;
  knowledge: Knowledge;
  lifecycle: Lifecycle;
  storage: Storage;
  installations: Installations;
  /** The keyed hash that stands for a user (by AAD object id) in storage and rate limits. */
  userKeyOf: (aadObjectId: string) => string;
  /** Posts, updates and deletes messages in stored conversations (the bot speaking first). */
  proactive: ProactiveSender;
  /** Channel digests: a run, the scheduler (index.ts starts it) and the answer counts. */
  digest: Digest;
  /** Deletes huddles a day past their last change (index.ts starts it). */
  huddleSweeper: PeriodicRun;
}

/** Builds the whole service without listening: tests and index.ts share it. */
export function createApp(options: AppOptions): App {
  const { config, logger } = options;
  const knowledge = loadKnowledge(options.knowledgeDir ?? join(PROJECT_ROOT, 'knowledge'), PROJECT_ROOT);
  const cards = loadCardRenderer(options.cardsDir ?? join(PROJECT_ROOT, 'cards'));
  const adapter = createAdapter(config, options.authentication);
  adapter.onTurnError = turnErrorHandler(logger);
  const { storage } = options;
  const installations = new Installations(storage);
  const userKeyOf = (aadObjectId: string): string => userKeyFor(options.userKeySecret, aadObjectId);
  const proactive = new BotFrameworkProactiveSender(
    { adapter, botAppId: config.microsoftAppId, logger, cards },
    options.proactive,
  );
  const digest = buildDigest({
    content: {
      principles: knowledge.digestPrinciples,
      entries: knowledge.entries,
      tips: knowledge.guidance.tips,
      prompts: knowledge.guidance.prompts,
    },
    storage,
    sender: proactive,
    settings: {
      sendsPerSecond: config.digestSendsPerSecond,
      checkSeconds: config.digestCheckSeconds,
      leaseSeconds: config.digestLeaseSeconds,
    },
    logger,
    now: options.clock,
    sleep: options.digestSleep,
  });
  const features = buildFeatures({
    knowledge,
    counters: options.counters ?? new MemoryCounters(),
    installations,
    welcomeLedger: new StorageWelcomeLedger(storage),
    digest: digest.replies,
    answered: (entryId) => digest.counts.add(entryId),
    huddles: new HuddleStore(storage),
    storage,
    sender: proactive,
    experts: {
      adminIds: config.adminAadIds,
      channelId: config.expertsChannelId,
      retentionDays: config.questionRetentionDays,
    },
    now: options.clock,
    botAppId: config.microsoftAppId,
  });
  const router = new Router(routingTable(features), {
    signposter: knowledge.signposter,
    isQiTopic: (words) => features.qi.isTopic(words),
  });
  const bot = new TeamsBot(router, { cards, logger, userKeyOf });
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
    digestTrigger: { secret: config.digestTriggerSecret, run: () => digest.run() },
    logic:
      config.rateLimitPerMinute > 0
        ? rateLimited(
            new RateLimiter({ perMinute: config.rateLimitPerMinute }),
            userKeyOf,
            logger,
            (context) => bot.run(context),
          )
        : (context) => bot.run(context),
  });
  return {
    server,
    adapter,
    bot,
    router,
    knowledge,
    lifecycle,
    storage,
    installations,
    userKeyOf,
    proactive,
    digest,
    huddleSweeper: huddleSweeper(storage, logger, options.clock),
  };
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
