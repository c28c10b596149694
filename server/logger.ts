import pino, { type Logger } from 'pino'
import type { Config } from './config'

/** The process's logger: credentials redacted, pretty on a terminal, JSON lines elsewhere. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'],
    ...(process.stdout.isTTY ? { transport: { target: 'pino-pretty' } } : {}),
  })
}
