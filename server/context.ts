import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { Config } from './config'
import { createLogger } from './logger'
import { connectRateLimitRedis } from './limits/redis-connection'
import { openDatabase, type Db, type DbHandle, type Dialect } from './db/database'
import { migrate } from './db/migrate'
import { createLoginThrottleFor, type LoginThrottleOptions } from './domain/accounts/login-throttle'
import { createMemoryRateLimiter, UNLIMITED, type RateLimiter } from './limits/rate-limiter'
import { createRedisRateLimiter } from './limits/redis-rate-limiter'
import { createDigests, type Digests } from './domain/notifications/digests'
import { createEmailReplies } from './domain/notifications/email-replies'
import { createReplyTokens } from './domain/notifications/reply-tokens'
import { startInboundListener, type InboundListener } from './mail/inbound/listener'
import { createPresence, type Presence } from './domain/notifications/presence'
import { registerSearchBackfills } from './domain/search/backfill'
import { createJobs, type JobRunnerOptions, type Jobs } from './jobs/runner'
import { createMailer, type Mailer } from './mail/mailer'
import { createOutbox } from './mail/outbox'
import { createSmtpTransport } from './mail/smtp-transport'
import type { EventBus } from './domain/events'
import { createLocalBus } from './realtime/bus'
import { createGateway, type Gateway } from './realtime/gateway'
import { createOutageLog } from './outage-log'
import { createRedisBus } from './realtime/redis-bus'

import { buildServices, type MessagingOverrides } from './services'

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
  /** reply by email: the inbound SMTP listener (INBOUND_SMTP_PORT; null: off) */
  inbound: InboundListener | null
  /** with REDIS_URL: the connection the HTTP and messaging rate limits count in */
  rateLimitRedis: Redis | null
  /** what the HTTP rate limits count in: Redis, shared by every instance, or this process */
  httpLimiter: RateLimiter
  services: ReturnType<typeof buildServices>
  close(): Promise<void>
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
  let redisBus: ReturnType<typeof createRedisBus> | undefined
  // every Redis connection of the process reports here: one warning per outage
  const redisOutage = createOutageLog(log, 'redis')
  if (!bus && config.redisUrl) {
    redisBus = createRedisBus(config.redisUrl, log, redisOutage)
    await redisBus.ready()
    bus = redisBus
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
  // reply by email: digests carry a reply address, the listener takes the replies
  const replyTokens =
    config.inboundSmtpPort === null
      ? null
      : createReplyTokens({ secret: config.sessionSecret, domain: config.replyDomain })
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
          replyAddress: replyTokens ? (u, c) => replyTokens.addressFor(u, c) : null,
        })
  redisBus?.onOutage(() => gateway.busDown())
  redisBus?.onResume(() => {
    gateway.recheckAll()
    services.caches.clear()
  })
  const inbound = replyTokens
    ? await startInboundListener({
        host: config.inboundSmtpHost,
        port: config.inboundSmtpPort!,
        replies: createEmailReplies({
          db: handle.db,
          tokens: replyTokens,
          messages: services.messaging.messages,
        }),
        log,
      })
    : null
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
    inbound,
    rateLimitRedis,
    httpLimiter: rateLimitRedis
      ? createRedisRateLimiter(rateLimitRedis, redisOutage, 'corkboard:rl:http:')
      : createMemoryRateLimiter(),
    /** Stops everything it started, each step even when one before it failed; the database last. */
    async close() {
      const steps: [string, () => Promise<unknown> | void][] = [
        ['inbound smtp', () => inbound?.close()],
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
