import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; body: unknown } | { ok: false; status: 400 | 413 | 415; error: string };

/**
 * Reads and parses a JSON request body with a hard size limit. Done by hand rather than with
 * restify's body parser so that every failure gets our `{"error": ...}` shape and status.
 */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const contentType = String(req.headers['content-type'] ?? '');
    if (contentType !== '' && !/\bjson\b/i.test(contentType)) {
      req.resume();
      resolve({ ok: false, status: 415, error: 'content-type must be application/json' });
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      req.resume();
      resolve({ ok: false, status: 413, error: `the body is larger than ${maxBytes} bytes` });
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
        // Drain the rest so the connection can still carry the 413 answer.
        finish({ ok: false, status: 413, error: `the body is larger than ${maxBytes} bytes` });
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
