import type { Generated } from 'kysely'

/**
 * The tables of account recovery (migration 014), part of `Database` in schema.ts: see
 * domain/accounts/recovery.ts. Tokens are stored only as their sha256 hash.
 */

/** A password-reset link: 1 hour, single use, dead once the account's password or email changed. */
export interface PasswordResetTable {
  id: Generated<number>
  token_hash: string
  user_id: number
  /** the request it answers (one job's): a retried job issues nothing twice */
  request_id: string
  /** the account's address when it was asked for */
  email: string
  /** sha256 of the account's password hash when it was asked for */
  password_fingerprint: string
  created_at: string
  expires_at: string
  used_at: string | null
}

/** A change of address waiting for its link (sent to the new address) to be opened. */
export interface EmailChangeTable {
  id: Generated<number>
  token_hash: string
  user_id: number
  new_email: string
  old_email: string
  /** sha256 of the account's password hash when it was asked for */
  password_fingerprint: string
  created_at: string
  expires_at: string
  used_at: string | null
}
