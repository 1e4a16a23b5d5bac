import { LogLevel, type Logger as SlackLogger } from '@slack/logger';
import type { Logger } from 'pino';

/** Bolt and the WebClient log through this, so their lines get our redaction and format. */
export function boltLogger(log: Logger): SlackLogger {
  let level = LogLevel.INFO;
  const line = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(' ');
  return {
    debug: (...args) => log.debug(line(args)),
    info: (...args) => log.info(line(args)),
    warn: (...args) => log.warn(line(args)),
    error: (...args) => log.error(line(args)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
