import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

export interface Config {
  readonly port: number
  readonly host: string
  readonly publicUrl: string
  /** `sqlite:<path>` or a `postgres://` URL */
  readonly databaseUrl: string
  readonly dialect: 'sqlite' | 'postgres'
  readonly sqlitePath: string
  readonly dataDir: string
  readonly mediaDir: string
  readonly sessionSecret: string
  readonly logLevel: LogLevel
  /** Seed the demo world into an empty embedded database on start. */
  readonly demo: boolean
  /** Requests per minute per client for the general API rate limit. */
  readonly rateLimitPerMinute: number
  /** Allow image_url fetches to private addresses (tests only; never in production). */
  readonly allowPrivateImageUrls: boolean
  readonly webDistDir: string
  /** Trust X-Forwarded-* from a reverse proxy (client IPs for rate limits); off unless set */
  readonly trustProxy: boolean
  /** Redis for cross-instance events and shared rate limits; unset → in-process */
  readonly redisUrl: string | null
  /** The per-user limits on messages and new conversations (off only for benchmarks and tests). */
  readonly messageRateLimits: boolean
  /** SMTP server for outgoing mail (`smtp://` or `smtps://`); unset → the embedded outbox */
  readonly smtpUrl: string | null
  /** the From: of every mail */
  readonly mailFrom: string
  /**
   * Unread-message digests: how old an unread message must be (and the member away since it
   * came) before it is emailed, in ms; null: no digests. And at most one per conversation per
   * period while the member stays away.
   */
  readonly unreadDigestDelayMs: number | null
  readonly unreadDigestPeriodMs: number
  /** A brand's thank-you runs send at most one message per this many ms (default 1 s). */
  readonly thankYouIntervalMs: number
  /** Analytics events are written in one batch every this many ms (and on shutdown). */
  readonly analyticsFlushMs: number
  /** Message sends in progress per process at most; beyond, 429 `overloaded` (Retry-After: 1). */
  readonly sendQueueMax: number
  /**
   * Reply by email: the port of the inbound SMTP listener that takes replies to unread digests
   * (null: off, the default), the address it listens on, and the domain of the reply addresses
   * (`reply+<token>@<replyDomain>`) that digests carry as their Reply-To.
   */
  readonly inboundSmtpPort: number | null
  readonly inboundSmtpHost: string
  readonly replyDomain: string
}

export class ConfigError extends Error {}

const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
]

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number) {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`)
  }
  return n
}

const DURATION_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** A duration such as `90s`, `10m`, `24h` or `7d`, in ms; `fallback` when unset. */
function durationVar(env: NodeJS.ProcessEnv, name: string, fallback: string, minMs: number) {
  const raw = env[name] || fallback
  const match = /^(\d{1,6})(s|m|h|d)$/.exec(raw.trim())
  const ms = match ? Number(match[1]) * DURATION_UNITS[match[2]!]! : NaN
  if (!(ms >= minMs)) {
    throw new ConfigError(
      `${name} must be a duration such as 30s, 10m, 24h or 7d (at least ${minMs / 1000}s), got "${raw}"`,
    )
  }
  return ms
}

/** `address` or `Name <address>`, on one line */
const MAIL_FROM = /^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/

function checkSmtpUrl(raw: string) {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigError('SMTP_URL must be a URL such as smtp://user:password@host:587')
  }
  if (!['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname) {
    throw new ConfigError('SMTP_URL must start with smtp:// or smtps:// and name a host')
  }
}

/** A host name: dot-separated labels of letters, digits and inner hyphens. */
const DOMAIN =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/

function loadOrCreateSecret(dataDir: string): string {
  const file = resolve(dataDir, 'session-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
  const secret = randomBytes(32).toString('base64url')
  writeFileSync(file, secret + '\n', { mode: 0o600 })
  return secret
}

/** Reads the environment once and returns a frozen, validated config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(env.DATA_DIR || './data')
  const port = intVar(env, 'PORT', 3000, 0, 65535)
  const host = env.HOST || '0.0.0.0'
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '')
  try {
    new URL(publicUrl)
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an absolute URL, got "${publicUrl}"`)
  }
  const databaseUrl = env.DATABASE_URL || `sqlite:${resolve(dataDir, 'corkboard.db')}`
  let dialect: Config['dialect']
  let sqlitePath = ''
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) dialect = 'postgres'
  else if (databaseUrl.startsWith('sqlite:')) {
    dialect = 'sqlite'
    sqlitePath = databaseUrl.slice('sqlite:'.length)
    if (sqlitePath !== ':memory:') sqlitePath = resolve(sqlitePath)
  } else throw new ConfigError('DATABASE_URL must start with postgres:// or sqlite:')
  if (env.REDIS_URL && !/^rediss?:\/\//.test(env.REDIS_URL)) {
    throw new ConfigError('REDIS_URL must start with redis:// or rediss://')
  }
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`)
  }
  const demoRaw = (env.DEMO || 'on').toLowerCase()
  if (!['on', 'off'].includes(demoRaw)) throw new ConfigError('DEMO must be "on" or "off"')
  const messageLimitsRaw = (env.MESSAGE_RATE_LIMITS || 'on').toLowerCase()
  if (!['on', 'off'].includes(messageLimitsRaw)) {
    throw new ConfigError('MESSAGE_RATE_LIMITS must be "on" or "off"')
  }
  const smtpUrl = env.SMTP_URL || null
  if (smtpUrl) checkSmtpUrl(smtpUrl)
  const mailFrom = env.MAIL_FROM || `Corkboard <no-reply@${new URL(publicUrl).hostname}>`
  if (!MAIL_FROM.test(mailFrom)) {
    throw new ConfigError(
      `MAIL_FROM must be an address, alone or as "Name <address>", got "${mailFrom}"`,
    )
  }
  const inboundSmtpPort = env.INBOUND_SMTP_PORT
    ? intVar(env, 'INBOUND_SMTP_PORT', 0, 1, 65535)
    : null
  const replyDomain = (env.REPLY_DOMAIN || new URL(publicUrl).hostname).toLowerCase()
  // (PUBLIC_URL's host may be an IPv6 literal: only a problem once replies are taken)
  if ((env.REPLY_DOMAIN || inboundSmtpPort !== null) && !DOMAIN.test(replyDomain)) {
    throw new ConfigError(
      `REPLY_DOMAIN must be a domain name such as corkboard.example.org, got "${replyDomain}"`,
    )
  }
  if (sqlitePath && sqlitePath !== ':memory:') mkdirSync(dirname(sqlitePath), { recursive: true })

  return Object.freeze({
    port,
    host,
    publicUrl,
    databaseUrl,
    dialect,
    sqlitePath,
    dataDir,
    mediaDir: resolve(env.MEDIA_DIR || resolve(dataDir, 'media')),
    sessionSecret: env.SESSION_SECRET || loadOrCreateSecret(dataDir),
    logLevel,
    // Demo content only ever goes into the default embedded database.
    demo: demoRaw === 'on' && !env.DATABASE_URL,
    rateLimitPerMinute: intVar(env, 'RATE_LIMIT_PER_MINUTE', 1200, 1, 100_000_000),
    allowPrivateImageUrls: env.ALLOW_PRIVATE_IMAGE_URLS === '1',
    webDistDir: resolve(env.WEB_DIST_DIR || './dist/web'),
    redisUrl: env.REDIS_URL || null,
    trustProxy: env.TRUST_PROXY === '1',
    messageRateLimits: messageLimitsRaw === 'on',
    smtpUrl,
    mailFrom,
    unreadDigestDelayMs:
      env.UNREAD_DIGEST_DELAY?.trim().toLowerCase() === 'off'
        ? null
        : durationVar(env, 'UNREAD_DIGEST_DELAY', '10m', 1000),
    unreadDigestPeriodMs: durationVar(env, 'UNREAD_DIGEST_PERIOD', '24h', 1000),
    thankYouIntervalMs: intVar(env, 'THANK_YOU_INTERVAL_MS', 1000, 1, 3_600_000),
    analyticsFlushMs: intVar(env, 'ANALYTICS_FLUSH_MS', 1000, 10, 60_000),
    sendQueueMax: intVar(env, 'SEND_QUEUE_MAX', 2000, 1, 1_000_000),
    inboundSmtpPort,
    inboundSmtpHost: env.INBOUND_SMTP_HOST || '127.0.0.1',
    replyDomain,
  })
}
