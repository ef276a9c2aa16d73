import pino, { type Logger } from 'pino';
import type { LogLevel } from './config';

export type { Logger };

/**
 * JSON logs on standard output. Message text, card values, names and emails are never passed to
 * the logger; the redact list is a second line of defence for fields that might slip through.
 */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'health-equity-assistant' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: ['text', '*.text', 'from.name', '*.from.name', 'value', '*.value', 'email', '*.email'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
