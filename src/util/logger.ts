/**
 * Logging: pino on stderr. In a terminal the lines are made readable by pino-pretty (time,
 * level, message, fields); otherwise (a pipe, a file, a service manager) they are pino's
 * JSON lines. `format` or LABNET_LOG_FORMAT=pretty|json chooses; tests pass `silentLogger`.
 */
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export type LogFormat = 'pretty' | 'json';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface LoggerOptions {
  level?: string;
  name?: string;
  /** Default: LABNET_LOG_FORMAT, else pretty when stderr is a terminal. */
  format?: LogFormat;
}

export function logFormat(env: NodeJS.ProcessEnv = process.env, isTTY = process.stderr.isTTY === true): LogFormat {
  const f = env.LABNET_LOG_FORMAT;
  if (f === 'pretty' || f === 'json') return f;
  return isTTY ? 'pretty' : 'json';
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const options = { level: opts.level ?? process.env.LABNET_LOG_LEVEL ?? 'info', name: opts.name ?? 'labnet' };
  if ((opts.format ?? logFormat()) === 'json') return pino(options, pino.destination(2));
  // Synchronous writes: a line logged just before exit is not lost.
  const stream = pretty({ destination: 2, sync: true, colorize: process.stderr.isTTY === true, translateTime: 'SYS:HH:MM:ss', singleLine: true, ignore: 'pid,hostname,name' });
  return pino(options, stream);
}

export const silentLogger: Logger = pino({ level: 'silent' });
