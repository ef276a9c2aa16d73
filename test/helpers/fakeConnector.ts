import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
  authorization: string | undefined;
  /** The status the fake answered with; absent while it hangs. */
  answered?: number;
}

/** How the fake answers the next request: normally 200, or a failure a real connector can give. */
export type Behaviour =
  /** 200; after `delayMs`, or with `until` only once that promise settles (a turn the test keeps in flight). */
  | { kind: 'ok'; delayMs?: number; until?: Promise<unknown> }
  | { kind: 'status'; status: 403 | 404 | 412 | 500 | 503 }
  /** A failure whose error message quotes the activity it was sent, as real connectors' can. */
  | { kind: 'echo'; status: 400 | 500 }
  /** 429 with Retry-After in seconds, or `retryAfter` sent as it is (an HTTP date, say). */
  | { kind: 'throttle'; retryAfterSeconds: number; retryAfter?: string }
  | { kind: 'hang' };

/**
 * A Bot Connector stand-in: a real HTTP server on loopback that records every call the bot makes
 * to /v3/conversations/... and answers as told. Used as the activities' serviceUrl.
 */
export class FakeConnector {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: Behaviour[] = [];
  private fallback: Behaviour = { kind: 'ok' };
  private readonly byPath: { part: string; behaviour: Behaviour }[] = [];
  private oncePerPath: { part: string; behaviour: Behaviour }[] = [];
  private server: Server | undefined;
  private readonly hanging = new Set<ServerResponse>();
  private waiters: { count: number; resolve: () => void }[] = [];
  url = '';

  /** Behaviours for the next requests, in order; after them the default applies. */
  next(...behaviours: Behaviour[]): this {
    this.queue.push(...behaviours);
    return this;
  }

  /** Every request whose path (decoded) contains `part` gets this, before the queue is consulted. */
  forPath(part: string, behaviour: Behaviour): this {
    this.byPath.push({ part, behaviour });
    return this;
  }

  /** The next request whose path (decoded) contains `part` gets this, once. */
  nextFor(part: string, behaviour: Behaviour): this {
    this.oncePerPath.push({ part, behaviour });
    return this;
  }

  /** Requests answered 200 whose path (decoded) contains `part`: what really arrived. */
  delivered(part: string): RecordedRequest[] {
    return this.requests.filter((r) => r.answered === 200 && decodeURIComponent(r.path).includes(part));
  }

  always(behaviour: Behaviour): this {
    this.fallback = behaviour;
    return this;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Resolves once at least `count` requests were recorded. */
  waitFor(count: number, timeoutMs = 5000): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`fake connector saw ${this.requests.length} of ${count} requests`)),
        timeoutMs,
      );
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
      authorization: req.headers.authorization,
    };
    this.requests.push(recorded);
    this.waiters = this.waiters.filter((w) => {
      if (this.requests.length < w.count) return true;
      w.resolve();
      return false;
    });
    const path = decodeURIComponent(recorded.path);
    const once = this.oncePerPath.findIndex((b) => path.includes(b.part));
    const behaviour =
      (once >= 0 ? this.oncePerPath.splice(once, 1)[0].behaviour : undefined) ??
      this.byPath.find((b) => path.includes(b.part))?.behaviour ??
      this.queue.shift() ??
      this.fallback;
    if (behaviour.kind === 'hang') {
      this.hanging.add(res);
      return;
    }
    if (behaviour.kind === 'throttle') {
      recorded.answered = 429;
      res.writeHead(429, {
        'Retry-After': behaviour.retryAfter ?? String(behaviour.retryAfterSeconds),
        'Content-Type': 'application/json',
      });
      res.end(JSON.stringify({ error: { code: 'Throttled', message: 'slow down' } }));
      return;
    }
    if (behaviour.kind === 'echo') {
      recorded.answered = behaviour.status;
      res.writeHead(behaviour.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'BadArgument', message: `could not deliver: ${text}` } }));
      return;
    }
    if (behaviour.kind === 'status') {
      recorded.answered = behaviour.status;
      res.writeHead(behaviour.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'Failed', message: 'fake failure' } }));
      return;
    }
    if (behaviour.delayMs) await new Promise((r) => setTimeout(r, behaviour.delayMs));
    if (behaviour.until) await behaviour.until.catch(() => undefined);
    recorded.answered = 200;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ id: `activity-${this.requests.length}` }));
  }
}
