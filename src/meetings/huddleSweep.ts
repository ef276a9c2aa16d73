import type { Logger } from '../log';
import { PeriodicRun } from '../periodicRun';
import type { Storage } from '../storage';
import { type HuddleState, isExpired } from './huddle';

/** `data/<installation>/huddle/<conversation>`, as HuddleStore keys them. */
const HUDDLE_KEY = /^data\/[^/]+\/huddle\//;

/**
 * Deletes every huddle a day past its last change: what a meeting typed is kept until Finish or a
 * day, even when no one comes back to the card. Returns how many were deleted. An expired huddle
 * is already over for anyone who presses its card, so deleting it races with nothing.
 */
export async function deleteExpiredHuddles(
  storage: Pick<Storage, 'list' | 'read' | 'delete'>,
  now: Date,
): Promise<number> {
  let deleted = 0;
  let continuation: string | undefined;
  do {
    const page = await storage.list('data/', { continuation });
    const keys = page.keys.filter((k) => HUDDLE_KEY.test(k));
    if (keys.length > 0) {
      const items = await storage.read(keys);
      const expired = [...items]
        .filter(([, item]) => isExpired(item.value as HuddleState, now))
        .map(([k]) => k);
      if (expired.length > 0) await storage.delete(expired);
      deleted += expired.length;
    }
    continuation = page.continuation;
  } while (continuation);
  return deleted;
}

/** How often every instance looks for expired huddles. */
export const HUDDLE_SWEEP_MS = 60 * 60 * 1000;

/** The sweep every hour in the background (index.ts starts it); a failed sweep is logged, not thrown. */
export function huddleSweeper(
  storage: Pick<Storage, 'list' | 'read' | 'delete'>,
  logger: Logger,
  now: () => Date = () => new Date(),
  everyMs = HUDDLE_SWEEP_MS,
): PeriodicRun {
  return new PeriodicRun({
    run: async () => {
      const deleted = await deleteExpiredHuddles(storage, now());
      if (deleted > 0) logger.info({ event: 'huddles-expired', deleted }, 'expired huddles deleted');
    },
    everyMs,
    logger,
    failed: { event: 'huddle-sweep-failed', message: 'expired huddles not deleted' },
  });
}
