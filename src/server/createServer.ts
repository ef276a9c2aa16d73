import restify, { type Server } from 'restify';
import { type DigestTriggerDeps, digestTriggerRoute } from './digestTriggerRoute';
import { type HealthDeps, healthRoute } from './healthRoute';
import { type MessagesRouteDeps, messagesRoute } from './messagesRoute';

export type ServerDeps = MessagesRouteDeps &
  Omit<HealthDeps, 'logger' | 'lifecycle'> & {
    digestTrigger: Omit<DigestTriggerDeps, 'logger' | 'lifecycle'>;
  };

/** How long a request's headers, and the whole request, may take to arrive. */
export const HEADERS_TIMEOUT_MS = 20_000;
export const REQUEST_TIMEOUT_MS = 30_000;

/** HTTP wiring only: routes delegate to their modules and know nothing of cards or knowledge. */
export function createServer(deps: ServerDeps): Server {
  const server = restify.createServer({ name: 'health-equity-assistant', handleUncaughtExceptions: false });
  // Node waits 5 minutes for a whole request by default: a few thousand slow senders could hold that
  // many connections. A request of MAX_BODY_BYTES arrives in well under these on any real link.
  server.server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.server.requestTimeout = REQUEST_TIMEOUT_MS;
  // restify's own 404 and 405 echo the path back and use another shape; ours name neither.
  for (const [event, error] of [
    ['NotFound', 'no such route'],
    ['MethodNotAllowed', 'method not allowed on this route'],
  ] as const)
    server.on(
      event,
      (_req: unknown, _res: unknown, err: { toJSON?: () => unknown }, callback: () => void) => {
        err.toJSON = () => ({ error });
        callback();
      },
    );
  server.post('/api/messages', messagesRoute(deps));
  server.get('/healthz', healthRoute(deps));
  server.post(
    '/api/digest/run',
    digestTriggerRoute({ ...deps.digestTrigger, logger: deps.logger, lifecycle: deps.lifecycle }),
  );
  return server;
}

/** Listens and resolves with the bound port (useful when asked for port 0). */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
