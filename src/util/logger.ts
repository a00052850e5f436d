/** Logging: pino, JSON lines on stderr by default; tests pass `silentLogger`. */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(opts: { level?: string; name?: string } = {}): Logger {
  return pino({ level: opts.level ?? process.env.LABNET_LOG_LEVEL ?? 'info', name: opts.name ?? 'labnet' }, pino.destination(2));
}

export const silentLogger: Logger = pino({ level: 'silent' });
