import type { Insertable } from 'kysely'
import type { UserTable } from './schema'

/** A users row with no password and no profile: for tests, benchmarks and generated corpora. */
export const userRow = (
  username: string,
  account_type: 'PINNER' | 'BUSINESS' = 'PINNER',
): Insertable<UserTable> => ({
  username,
  email: `${username}@x.io`,
  password_hash: 'x',
  account_type,
  business_name: null,
  about: '',
  website_url: null,
  profile_image_key: null,
  message_policy: 'mutual',
  created_at: '2026-01-01T00:00:00.000Z',
})
