import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { ok: true; body: unknown }
  | {
      ok: false;
      status: 400 | 413 | 415;
      error: string;
      /**
       * The rest of the body was not read: the connection must close once the refusal is sent, or
       * the sender could go on streaming into it (a chunked body has no end we could wait for).
       */
      unread?: true;
    };

/** application/json or a +json type, parameters aside; anything else (or none) is refused. */
function isJsonMediaType(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(type);
}

/**
 * Reads and parses a JSON request body with a hard size limit. Done by hand rather than with
 * restify's body parser so that every failure gets our `{"error": ...}` shape and status.
 */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    // Exactly JSON: a browser page can post text/plain or a form to a local bot without asking first,
    // but not application/json, so a loose check would let any web page drive an unauthenticated bot.
    if (!isJsonMediaType(req.headers['content-type'])) {
      resolve({ ok: false, status: 415, error: 'content-type must be application/json', unread: true });
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      resolve({ ok: false, status: 413, error: `the body is larger than ${maxBytes} bytes`, unread: true });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult): void => {
      if (done) return;
      done = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        finish({ ok: false, status: 413, error: `the body is larger than ${maxBytes} bytes`, unread: true });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return finish({ ok: false, status: 400, error: 'the body is empty' });
      try {
        finish({ ok: true, body: JSON.parse(text) });
      } catch {
        finish({ ok: false, status: 400, error: 'the body is not valid JSON' });
      }
    });
    req.on('error', () => finish({ ok: false, status: 400, error: 'the body could not be read' }));
  });
}
