import type { Jobs } from '../../jobs/runner'
import type { Mailer } from '../../mail/mailer'
import type { Caches } from '../caches'
import type { SearchIndexer } from '../search/indexer'
import type { Units } from '../unit'
import { createAccessTokens } from './access-tokens'
import { createCredentials } from './credentials'
import { createEmailChange } from './email-change'
import type { LoginThrottle } from './login-throttle'
import { createProfiles } from './profiles'
import { createRecovery } from './recovery'
import { createAccountsRepository } from './repository'
import { createSessions } from './sessions'

export type { SessionCredential } from './credentials'
export type { ProfilePatch, SignupInput } from './profiles'
export type { Session } from './sessions'

/**
 * Accounts: sign-up and profiles (profiles.ts), logging in and out (sessions.ts), who a
 * credential belongs to and its revocation (credentials.ts), personal access tokens
 * (access-tokens.ts), forgotten passwords (recovery.ts) and changes of address (email-change.ts).
 */
export function createAccountsService(deps: {
  units: Units
  publicUrl: string
  caches: Caches
  search: Pick<SearchIndexer, 'indexUser'>
  /** how log-in failures slow down guessing, per account and per address */
  loginThrottle: LoginThrottle
  /** recovery mail, queued in the action's transaction */
  mailer: Pick<Mailer, 'enqueueMail'>
  jobs: Pick<Jobs, 'enqueue' | 'register'>
}) {
  const { units, publicUrl, mailer } = deps
  const repo = createAccountsRepository(units.db)
  const emailChange = createEmailChange({ units, repo, publicUrl, mailer })
  return {
    ...createProfiles({ units, repo, publicUrl, search: deps.search, emailChange }),
    ...createSessions({ units, repo, loginThrottle: deps.loginThrottle }),
    ...createCredentials({ units, caches: deps.caches }),
    ...createAccessTokens({ units }),
    ...createRecovery({ units, repo, publicUrl, mailer, jobs: deps.jobs }),
    ...emailChange,
  }
}

export type AccountsService = ReturnType<typeof createAccountsService>
