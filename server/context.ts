import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { Config } from './config'
import { createLogger } from './logger'
import { connectRateLimitRedis } from './limits/redis-connection'
import { openDatabase, type Db, type DbHandle, type Dialect } from './db/database'
import { migrate } from './db/migrate'
import { createAccountsService } from './domain/accounts/service'
import { createDataExports } from './domain/accounts/data-export'
import { createAccountDeletion } from './domain/accounts/deletion'
import {
  createLoginThrottleFor,
  type LoginThrottle,
  type LoginThrottleOptions,
} from './domain/accounts/login-throttle'
import { createAnalyticsRecorder } from './domain/analytics/recorder'
import { createAnalyticsService } from './domain/analytics/service'
import { createBoardsService } from './domain/boards/service'
import { createBrandsService } from './domain/brands/service'
import { createEnforcement } from './domain/moderation/enforcement'
import { createNotices } from './domain/moderation/notices'
import { createModerationService } from './domain/moderation/service'
import { createFeedService } from './domain/feed/service'
import { createGraphService } from './domain/graph/service'
import { createMediaService } from './domain/media/service'
import { createPinsService } from './domain/pins/service'
import { createPinViews } from './domain/pins/views'
import { createCaches } from './domain/caches'
import { createReaders } from './domain/readers'
import { createUnits } from './domain/unit'
import type { MessagingLimits } from './domain/messaging/limits'
import { createMemoryRateLimiter, UNLIMITED, type RateLimiter } from './limits/rate-limiter'
import { createRedisRateLimiter } from './limits/redis-rate-limiter'
import { composeInviteMail } from './domain/invites/email'
import { createMessagingService } from './domain/messaging/service'
import { createInstance } from './domain/moderation/instance'
import { createOnboardingService } from './domain/onboarding/service'
import { createDigests, type Digests } from './domain/notifications/digests'
import { createPresence, type Presence } from './domain/notifications/presence'
import { createUnsubscribe } from './domain/notifications/unsubscribe'
import { createSearchIndexer } from './domain/search/indexer'
import { createPeopleIndex } from './domain/search/people'
import { createSearchService } from './domain/search/service'
import { registerSearchBackfills } from './domain/search/backfill'
import { createJobs, type JobRunnerOptions, type Jobs } from './jobs/runner'
import { createMailer, type Mailer } from './mail/mailer'
import { createOutbox } from './mail/outbox'
import { createSmtpTransport } from './mail/smtp-transport'
import type { EventBus } from './domain/events'
import { createLocalBus } from './realtime/bus'
import { createGateway, type Gateway } from './realtime/gateway'
import { createOutageLog } from './outage-log'
import { join } from 'node:path'
import { createRedisBus } from './realtime/redis-bus'

/** The one composition root: every dependency is built here, once, from the config. */
export interface AppContext {
  config: Config
  log: Logger
  db: Db
  dialect: Dialect
  /** real-time fan-out: in-process here; the gateway subscribes */
  bus: EventBus
  gateway: Gateway
  /** background work from the jobs table; started here, stopped (after its running jobs) by close */
  jobs: Jobs
  /** mail: queued in a transaction (enqueueMail), sent by a job over SMTP or into the outbox */
  mailer: Mailer
  /** when each member was last seen online (the gateway tells it), for the digests */
  presence: Presence
  /** unread-message digests: scanned for now and then by every instance (null: turned off) */
  digests: Digests | null
  /** with REDIS_URL: the connection the HTTP and messaging rate limits count in */
  rateLimitRedis: Redis | null
  /** what the HTTP rate limits count in: Redis, shared by every instance, or this process */
  httpLimiter: RateLimiter
  services: ReturnType<typeof buildServices>
  close(): Promise<void>
}

interface MessagingOverrides {
  limits?: Partial<MessagingLimits>
  limiter?: RateLimiter
}

function buildServices(
  config: Config,
  db: Db,
  dialect: Dialect,
  log: Logger,
  bus: EventBus,
  messagingOptions: MessagingOverrides,
  mailer: Pick<Mailer, 'enqueueMail'>,
  loginThrottle: LoginThrottle,
  jobs: Pick<Jobs, 'enqueue' | 'register'>,
) {
  const publicUrl = config.publicUrl
  // With several instances (Redis), what is cached is also bounded in age.
  const caches = createCaches(bus, config.redisUrl ? 10_000 : null)
  // every write runs as a unit: one transaction, its after-commit work declared with it
  const units = createUnits({ db, bus, caches, log })
  // what the app tells a person (warnings, reports' outcomes, exports ready), live to their sockets
  const notices = createNotices({ units })
  // analytics events: counted in memory by the services below, written in batches
  const recorder = createAnalyticsRecorder({ db, log, flushMs: config.analyticsFlushMs })
  const media = createMediaService({
    units,
    log,
    mediaDir: config.mediaDir,
    publicUrl,
    allowPrivateUrls: config.allowPrivateImageUrls,
  })
  const readers = createReaders(db, caches)
  const indexer = createSearchIndexer(db)
  const accounts = createAccountsService({
    units,
    publicUrl,
    caches,
    search: indexer,
    loginThrottle,
    mailer,
    jobs,
  })
  // Your data: exports (a job builds each ZIP) and deleting the account
  const dataExports = createDataExports({
    units,
    jobs,
    mailer,
    media,
    notices: () => notices,
    exportsDir: join(config.dataDir, 'exports'),
    publicUrl,
    log,
  })
  const accountDeletion = createAccountDeletion({
    units,
    search: indexer,
    media,
    exports: dataExports,
    revokeAll: accounts.revokeAll,
    log,
  })
  const views = createPinViews({ db, publicUrl, caches, readers })
  const graph = createGraphService({ units, publicUrl })
  const boards = createBoardsService({ units, publicUrl, search: indexer })
  const pins = createPinsService({
    units,
    media,
    publicUrl,
    views,
    search: indexer,
    analytics: recorder,
  })
  const people = createPeopleIndex(db)
  const search = createSearchService({
    db,
    indexer,
    views,
    readers,
    boards,
    graph,
    people,
    analytics: recorder,
  })
  const unsubscribe = createUnsubscribe({ db, secret: config.sessionSecret, publicUrl })
  const feed = createFeedService({ db, views, caches, analytics: recorder })
  const messaging = createMessagingService({
    units,
    pins,
    graph,
    publicUrl,
    people,
    analytics: recorder,
    ...messagingOptions,
    invites: {
      followEachOther: graph.followEachOther,
      prepareInviteMail: async (invite) => {
        const mail = await composeInviteMail({ db, media }, invite)
        return async (tx) => void (await mailer.enqueueMail(tx, mail))
      },
    },
  })
  const { invites } = messaging
  const brands = createBrandsService({
    units,
    graph,
    messaging,
    jobs,
    thankYouIntervalMs: config.thankYouIntervalMs,
  })
  const enforcement = createEnforcement({ units, accounts, pins, boards })
  // reports, the moderators' queue and actions, the audit log
  const moderation = createModerationService({
    units,
    limiter: messagingOptions.limiter ?? createMemoryRateLimiter(),
    notices,
    enforcement,
    pins,
    boards,
    graph,
    messaging,
  })
  return {
    units,
    caches,
    accounts,
    dataExports,
    accountDeletion,
    enforcement,
    notices,
    moderation,
    media,
    graph,
    boards,
    pins,
    readers,
    views,
    feed,
    messaging,
    search,
    invites,
    unsubscribe,
    brands,
    onboarding: createOnboardingService({ units, publicUrl, graph, boards }),
    recorder,
    analytics: createAnalyticsService({ db }),
    /** registrations and who holds a role (moderation/instance.ts) */
    instance: createInstance({ units, toSummary: graph.toSummary }),
  }
}

export async function createContext(
  config: Config,
  overrides: {
    log?: Logger
    db?: DbHandle
    bus?: EventBus
    messaging?: MessagingOverrides
    /** e.g. short log-in delays in tests */
    loginThrottle?: Partial<LoginThrottleOptions>
    /** e.g. a short poll and backoff in tests */
    jobs?: Partial<JobRunnerOptions>
    /** e.g. a short credential re-check in tests */
    gateway?: { credentialRecheckMs?: number }
  } = {},
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
  let bus = overrides.bus
  let onBusResume: ((fn: () => void) => void) | undefined
  // every Redis connection of the process reports here: one warning per outage
  const redisOutage = createOutageLog(log, 'redis')
  if (!bus && config.redisUrl) {
    const redisBus = createRedisBus(config.redisUrl, log, redisOutage)
    await redisBus.ready()
    bus = redisBus
    onBusResume = (fn) => void redisBus.onResume(fn)
  }
  bus ??= createLocalBus((err) => log.error({ err }, 'event subscriber failed'))
  const rateLimitRedis = config.redisUrl
    ? await connectRateLimitRedis(config.redisUrl, redisOutage)
    : null
  const messaging: MessagingOverrides = {
    ...(rateLimitRedis ? { limiter: createRedisRateLimiter(rateLimitRedis, redisOutage) } : {}),
    ...(config.messageRateLimits ? {} : { limiter: UNLIMITED }),
    ...overrides.messaging,
  }
  const jobs = createJobs(handle.db, log, overrides.jobs)
  registerSearchBackfills(jobs, handle.db)
  const mailer = createMailer({
    transport: config.smtpUrl ? createSmtpTransport(config.smtpUrl) : createOutbox(handle.db, log),
    from: config.mailFrom,
    jobs,
    log,
  })
  const loginThrottle = createLoginThrottleFor(rateLimitRedis, redisOutage, overrides.loginThrottle)
  const services = buildServices(
    config,
    handle.db,
    handle.dialect,
    log,
    bus,
    messaging,
    mailer,
    loginThrottle,
    jobs,
  )
  // last-seen times are written well within the digest delay (see presence.ts)
  const presence = createPresence(handle.db, log, {
    everyMs: Math.min(30_000, (config.unreadDigestDelayMs ?? Infinity) / 4),
  })
  const gateway = createGateway({
    bus,
    messaging: services.messaging.stream,
    accounts: services.accounts,
    brands: services.brands.runs,
    notices: services.notices,
    log,
    presence,
    ...overrides.gateway,
  })
  const digests =
    config.unreadDigestDelayMs === null
      ? null
      : createDigests({
          db: handle.db,
          log,
          messaging: services.messaging,
          mailer,
          unsubscribe: services.unsubscribe,
          publicUrl: config.publicUrl,
          options: { delayMs: config.unreadDigestDelayMs, periodMs: config.unreadDigestPeriodMs },
        })
  onBusResume?.(() => {
    gateway.recheckAll()
    services.caches.clear()
  })
  jobs.start()
  digests?.start()
  void services.dataExports
    .sweep()
    .catch((err: unknown) => log.warn({ err }, 'data export sweep failed'))
  return {
    config,
    log,
    db: handle.db,
    dialect: handle.dialect,
    bus,
    services,
    gateway,
    jobs,
    mailer,
    presence,
    digests,
    rateLimitRedis,
    httpLimiter: rateLimitRedis
      ? createRedisRateLimiter(rateLimitRedis, redisOutage, 'corkboard:rl:http:')
      : createMemoryRateLimiter(),
    /** Stops everything it started, each step even when one before it failed; the database last. */
    async close() {
      const steps: [string, () => Promise<unknown> | void][] = [
        ['gateway', () => gateway.close()],
        ['digests', () => digests?.stop()],
        ['jobs', () => jobs.stop()],
        ['mailer', () => mailer.close()],
        ['presence', () => presence.close()],
        ['bus', () => bus.close()],
        ['rate limit redis', () => rateLimitRedis?.disconnect()],
        ['analytics', () => services.recorder.close()],
        ['database', () => handle.close()],
      ]
      for (const [what, step] of steps) {
        try {
          await step()
        } catch (err) {
          log.error({ err, what }, 'closing failed')
        }
      }
    },
  }
}
