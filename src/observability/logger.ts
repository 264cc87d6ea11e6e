// The service's logger: JSON lines for collectors, readable lines on a terminal (LOG_FORMAT), secrets redacted.
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from '../config/schema.js';

const REDACT = ['*.password', '*.apiToken', '*.smtpUrl', '*.redisUrl', 'authorization', '*.authorization'];

export function createLogger(
  config: Pick<Config, 'logLevel' | 'logFormat'>,
  isTty = process.stdout.isTTY === true,
): Logger {
  const options = {
    level: config.logLevel,
    base: { service: 'certwatch' },
    redact: { paths: REDACT, censor: '[redacted]' },
  };
  const readable = config.logFormat === 'pretty' || (config.logFormat === 'auto' && isTty);
  // pino-pretty as a stream in this thread (not a transport worker): lines come out in order, even at exit.
  return readable
    ? pino(
        options,
        pretty({
          colorize: isTty,
          translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l o',
          ignore: 'pid,hostname,service',
          sync: true,
        }),
      )
    : pino(options);
}
