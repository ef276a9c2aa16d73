import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'restify';
import type { Logger } from '../log';
import { loggedError } from '../loggedError';
import type { Lifecycle } from './lifecycle';

export interface DigestTriggerDeps {
  /** DIGEST_TRIGGER_SECRET; the route is not served (404) while it is empty. */
  secret: string;
  /** Runs the digests now; resolves with what it did. */
  run: () => Promise<object>;
  lifecycle: Lifecycle;
  logger: Logger;
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Whether the header carries the secret. Both sides are hashed first so the comparison takes the
 * same time whatever the length or content of what was sent.
 */
export function bearerMatches(header: string | undefined, secret: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  return timingSafeEqual(digest(match?.[1] ?? ''), digest(secret)) && match !== null;
}

/** `POST /api/digest/run`: lets an external scheduler (cron, Logic Apps) start a run. */
export function digestTriggerRoute(deps: DigestTriggerDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    if (deps.secret === '') {
      res.send(404, { error: 'not found' });
      return;
    }
    if (!bearerMatches(req.headers.authorization, deps.secret)) {
      deps.logger.warn({ event: 'digest-trigger-refused', status: 401 }, 'request refused');
      res.header('WWW-Authenticate', 'Bearer');
      res.send(401, { error: 'unauthorised' });
      return;
    }
    if (!deps.lifecycle.tryBegin()) {
      res.header('Retry-After', '5');
      res.send(503, { error: 'the service is shutting down; retry on another instance' });
      return;
    }
    try {
      res.send(200, await deps.run());
    } catch (err) {
      deps.logger.error({ err: loggedError(err), event: 'digest-run-failed' }, 'digest run failed');
      res.send(500, { error: 'the digest run failed; see the logs' });
    } finally {
      deps.lifecycle.end();
    }
  };
}
