import { join } from 'node:path'
import type { Logger } from 'pino'
import type { Config } from './config'
import { createDataExports } from './domain/accounts/data-export'
import { createAccountDeletion } from './domain/accounts/deletion'
import type { createAccountsService } from './domain/accounts/service'
import type { createBoardsService } from './domain/boards/service'
import type { createGraphService } from './domain/graph/service'
import type { MediaService } from './domain/media/service'
import type { createMessagingService } from './domain/messaging/service'
import { createEnforcement } from './domain/moderation/enforcement'
import { createInstance } from './domain/moderation/instance'
import type { createNotices } from './domain/moderation/notices'
import { createModerationService } from './domain/moderation/service'
import type { createPinsService } from './domain/pins/service'
import type { Units } from './domain/unit'
import type { Jobs } from './jobs/runner'
import type { RateLimiter } from './limits/rate-limiter'
import type { Mailer } from './mail/mailer'

/**
 * The services of running an instance, built from the core ones (see context.ts): a person's
 * data (exports, deleting the account), what moderators do (enforcement, reports, actions,
 * the audit log) and the instance's own settings and roles.
 */
export function buildInstanceServices(deps: {
  config: Config
  units: Units
  jobs: Pick<Jobs, 'enqueue' | 'register'>
  mailer: Pick<Mailer, 'enqueueMail'>
  media: MediaService
  notices: ReturnType<typeof createNotices>
  accounts: ReturnType<typeof createAccountsService>
  pins: ReturnType<typeof createPinsService>
  boards: ReturnType<typeof createBoardsService>
  graph: ReturnType<typeof createGraphService>
  messaging: ReturnType<typeof createMessagingService>
  limiter: RateLimiter
  log: Logger
}) {
  const { config, units, media, notices, accounts, pins, boards, graph, log } = deps
  // Your data: exports (a job builds each ZIP) and deleting the account
  const dataExports = createDataExports({
    units,
    jobs: deps.jobs,
    mailer: deps.mailer,
    media,
    notices,
    exportsDir: join(config.dataDir, 'exports'),
    publicUrl: config.publicUrl,
    log,
  })
  const accountDeletion = createAccountDeletion({
    units,
    pins,
    boards,
    conversations: deps.messaging.conversations,
    media,
    exports: dataExports,
    revokeAll: accounts.revokeAll,
    log,
  })
  const enforcement = createEnforcement({ units, accounts, pins, boards })
  // reports, the moderators' queue and actions, the audit log
  const moderation = createModerationService({
    units,
    limiter: deps.limiter,
    notices,
    enforcement,
    pins,
    boards,
    graph,
    messaging: deps.messaging,
  })
  return {
    dataExports,
    accountDeletion,
    enforcement,
    moderation,
    /** registrations and who holds a role (moderation/instance.ts) */
    instance: createInstance({ units, toSummary: graph.toSummary }),
  }
}
