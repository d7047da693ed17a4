// One-line stderr logger; callers pass only ids and counts, never tokens, passwords or message bodies.
import type { LogLevel } from './settings.ts';

export interface Logger {
  info(message: string, fields?: Record<string, string | number | boolean | undefined>): void;
}

export function createLogger(level: LogLevel): Logger {
  return {
    info(message, fields) {
      if (level === 'silent') return;
      const extra = fields
        ? Object.entries(fields)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => ` ${k}=${String(v)}`)
            .join('')
        : '';
      process.stderr.write(`[reference-target] ${new Date().toISOString()} ${message}${extra}\n`);
    },
  };
}
