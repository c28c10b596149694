import type { Caches } from '../caches'
import type { SearchIndexer } from '../search/indexer'
import type { Units } from '../unit'
import { createAccessTokens } from './access-tokens'
import { createCredentials } from './credentials'
import type { LoginThrottle } from './login-throttle'
import { createProfiles } from './profiles'
import { createAccountsRepository } from './repository'
import { createSessions } from './sessions'

export type { SessionCredential } from './credentials'
export type { ProfilePatch, SignupInput } from './profiles'
export type { Session } from './sessions'

/**
 * Accounts: sign-up and profiles (profiles.ts), logging in and out (sessions.ts), who a
 * credential belongs to and its revocation (credentials.ts), personal access tokens
 * (access-tokens.ts).
 */
export function createAccountsService(deps: {
  units: Units
  publicUrl: string
  caches: Caches
  search: Pick<SearchIndexer, 'indexUser'>
  /** how log-in failures slow down guessing, per account and per address */
  loginThrottle: LoginThrottle
}) {
  const { units } = deps
  const repo = createAccountsRepository(units.db)
  return {
    ...createProfiles({ units, repo, publicUrl: deps.publicUrl, search: deps.search }),
    ...createSessions({ units, repo, loginThrottle: deps.loginThrottle }),
    ...createCredentials({ units, caches: deps.caches }),
    ...createAccessTokens({ units }),
  }
}

export type AccountsService = ReturnType<typeof createAccountsService>
