import pino, { type Logger } from 'pino'
import type { Config } from './config'
import { openDatabase, type Db, type DbHandle, type Dialect } from './db/database'
import { migrate } from './db/migrate'
import { createAccountsService } from './domain/accounts/service'
import { createBoardsService } from './domain/boards/service'
import { createFeedService } from './domain/feed/service'
import { createGraphService } from './domain/graph/service'
import { createMediaService } from './domain/media/service'
import { createPinsService } from './domain/pins/service'

/** The one composition root: every dependency is built here, once, from the config. */
export interface AppContext {
  config: Config
  log: Logger
  db: Db
  dialect: Dialect
  services: ReturnType<typeof buildServices>
  close(): Promise<void>
}

function buildServices(config: Config, db: Db, dialect: Dialect, log: Logger) {
  const publicUrl = config.publicUrl
  const accounts = createAccountsService({ db, publicUrl })
  const media = createMediaService({
    db,
    log,
    mediaDir: config.mediaDir,
    publicUrl,
    allowPrivateUrls: config.allowPrivateImageUrls,
  })
  const graph = createGraphService({ db, dialect, publicUrl })
  const boards = createBoardsService({ db, publicUrl })
  const pins = createPinsService({ db, media, publicUrl })
  const feed = createFeedService({ db, pins })
  return { accounts, media, graph, boards, pins, feed }
}

export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({
    level: config.logLevel,
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'],
    ...(process.stdout.isTTY ? { transport: { target: 'pino-pretty' } } : {}),
  })
}

export async function createContext(
  config: Config,
  overrides: { log?: Logger; db?: DbHandle } = {},
): Promise<AppContext> {
  const log = overrides.log ?? createLogger(config)
  const handle =
    overrides.db ??
    openDatabase({
      dialect: config.dialect,
      sqlitePath: config.sqlitePath,
      url: config.databaseUrl,
    })
  const applied = await migrate(handle.db, handle.dialect)
  if (applied.length) log.info({ applied }, 'database migrations applied')
  return {
    config,
    log,
    db: handle.db,
    dialect: handle.dialect,
    services: buildServices(config, handle.db, handle.dialect, log),
    close: () => handle.close(),
  }
}
