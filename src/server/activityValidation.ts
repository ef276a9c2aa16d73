/**
 * Checks that a parsed JSON body is an activity botbuilder can process. botbuilder answers 500
 * to some of these (no `type`), so they are caught here and answered 400 with the field named.
 */
export type ValidationResult = { ok: true } | { ok: false; error: string };

const REQUIRED_STRINGS: readonly (readonly string[])[] = [
  ['type'],
  ['channelId'],
  ['serviceUrl'],
  ['conversation', 'id'],
  ['from', 'id'],
  ['recipient', 'id'],
];

function pick(body: Record<string, unknown>, path: readonly string[]): unknown {
  let node: unknown = body;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

export function validateActivity(body: unknown): ValidationResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, error: 'the body must be a JSON object (an activity)' };
  const record = body as Record<string, unknown>;
  for (const path of REQUIRED_STRINGS) {
    const value = pick(record, path);
    const name = path.join('.');
    if (value === undefined || value === null) return { ok: false, error: `missing field: ${name}` };
    if (typeof value !== 'string' || value.trim() === '')
      return { ok: false, error: `field ${name} must be a non-empty string` };
  }
  const serviceUrl = record.serviceUrl as string;
  if (!/^https?:\/\//i.test(serviceUrl))
    return { ok: false, error: 'field serviceUrl must be an http(s) URL' };
  return { ok: true };
}
