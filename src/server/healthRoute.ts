import type { Request, Response } from 'restify';
import type { Logger } from '../log';
import { loggedError } from '../loggedError';
import type { Lifecycle } from './lifecycle';

export interface KnowledgeHealth {
  entries: number;
  version: string;
}

export interface StorageHealth {
  backend: string;
  reachable: boolean;
  installations: number;
}

export interface HealthDeps {
  version: string;
  knowledge: () => KnowledgeHealth;
  /** Absent until a storage backend is wired in. */
  storage?: () => Promise<StorageHealth>;
  lifecycle: Lifecycle;
  logger: Logger;
}

export function healthRoute(deps: HealthDeps) {
  return async (_req: Request, res: Response): Promise<void> => {
    let storage: StorageHealth | undefined;
    if (deps.storage) {
      try {
        storage = await deps.storage();
      } catch (err) {
        deps.logger.warn({ err: loggedError(err) }, 'storage health check failed');
        storage = { backend: 'unknown', reachable: false, installations: 0 };
      }
    }
    const healthy = !deps.lifecycle.isDraining && (storage === undefined || storage.reachable);
    res.header('Cache-Control', 'no-store');
    res.send(healthy ? 200 : 503, {
      status: healthy ? 'ok' : 'unavailable',
      version: deps.version,
      knowledge: deps.knowledge(),
      ...(storage ? { storage } : {}),
    });
  };
}
