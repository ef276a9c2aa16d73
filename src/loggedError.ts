/**
 * An error as it may go to the logs: its class name, code, HTTP status and where it was thrown,
 * never its message. A message can carry what people wrote: the Bot Connector's error replies
 * echo the activity that was sent (names, card text), and engine errors quote the values they
 * met. The stack's frames say where; its first line, the message again, is left out.
 */
export interface LoggedError {
  name: string;
  code?: string;
  status?: number;
  frames?: string[];
}

const MAX_FIELD = 64;
const MAX_FRAMES = 12;

export function loggedError(err: unknown): LoggedError {
  if (typeof err !== 'object' || err === null) return { name: typeof err };
  const { name, code, statusCode, status, stack } = err as Record<string, unknown>;
  const logged: LoggedError = { name: typeof name === 'string' ? name.slice(0, MAX_FIELD) : 'Error' };
  if (typeof code === 'string' || typeof code === 'number') logged.code = String(code).slice(0, MAX_FIELD);
  const httpStatus = typeof statusCode === 'number' ? statusCode : status;
  if (typeof httpStatus === 'number' && Number.isInteger(httpStatus)) logged.status = httpStatus;
  if (typeof stack === 'string') {
    const frames = stack
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .slice(0, MAX_FRAMES)
      .map((line) => line.trim().slice(0, 200));
    if (frames.length > 0) logged.frames = frames;
  }
  return logged;
}
