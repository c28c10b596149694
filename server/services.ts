import type { Logger } from 'pino'
import type { Config } from './config'
import { type Db, type Dialect } from './db/database'
import { createAccountsService } from './domain/accounts/service'
import { type LoginThrottle } from './domain/accounts/login-throttle'
import { createAnalyticsRecorder } from './domain/analytics/recorder'
import { createAnalyticsService } from './domain/analytics/service'
import { createBoardsService } from './domain/boards/service'
import { createBrandsService } from './domain/brands/service'
import { createDecideService } from './domain/decide/service'
import { createNotices } from './domain/moderation/notices'
import { buildInstanceServices } from './instance-services'
import { createFeedService } from './domain/feed/service'
import { createGraphService } from './domain/graph/service'
import { createMediaService } from './domain/media/service'
import { createPinsService } from './domain/pins/service'
import { createPinViews } from './domain/pins/views'
import { createCaches } from './domain/caches'
import { createReaders } from './domain/readers'
import { createUnits } from './domain/unit'
import type { MessagingLimits } from './domain/messaging/limits'
import { createMemoryRateLimiter, type RateLimiter } from './limits/rate-limiter'
import { composeInviteMail } from './domain/invites/email'
import { createMessagingService } from './domain/messaging/service'
import { createOnboardingService } from './domain/onboarding/service'
import { createUnsubscribe } from './domain/notifications/unsubscribe'
import { createSearchIndexer } from './domain/search/indexer'
import { createPeopleIndex } from './domain/search/people'
import { createSearchService } from './domain/search/service'
import { type Jobs } from './jobs/runner'
import { type Mailer } from './mail/mailer'
import type { EventBus } from './domain/events'

export interface MessagingOverrides {
  limits?: Partial<MessagingLimits>
  limiter?: RateLimiter
  /** sends in progress per process at most (config SEND_QUEUE_MAX) */
  sendQueueMax?: number
}

/** Every domain service, built once from the config and the shared infrastructure. */
export function buildServices(
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
    sendQueueMax: config.sendQueueMax,
    phashes: media.phashes,
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
  return {
    units,
    caches,
    accounts,
    notices,
    // exports, account deletion, enforcement, reports and moderation, registrations and roles
    ...buildInstanceServices({
      config,
      units,
      jobs,
      mailer,
      media,
      notices,
      accounts,
      pins,
      boards,
      graph,
      messaging,
      limiter: messagingOptions.limiter ?? createMemoryRateLimiter(),
      log,
    }),
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
    // votes, shortlists, "Make it a board", group boards' collaborators (issue 17)
    decide: createDecideService({
      units,
      pins,
      boards,
      graph,
      search: indexer,
      append: messaging.append,
    }),
    recorder,
    analytics: createAnalyticsService({ db }),
  }
}
