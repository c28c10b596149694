import { Type, type Static } from 'typebox'
import { OwnAccount } from './accounts'

/**
 * Account recovery on the wire: asking for a password-reset link, using it, and confirming a
 * new email address (see server/domain/accounts/recovery.ts).
 */

/** The answer to every reset request, whether or not the address has an account. */
export const PasswordResetRequested = Type.Object(
  {
    expires_in_seconds: Type.Integer({
      minimum: 1,
      description: 'how long a link mailed now stays valid',
    }),
  },
  { title: 'PasswordResetRequested' },
)

/** A reset's answer: signed in afresh, and what was ended with the old password. */
export const PasswordResetResult = Type.Object(
  {
    account: OwnAccount,
    csrf_token: Type.String(),
    ended_sessions: Type.Integer({
      minimum: 0,
      description: 'sessions signed out (their sockets closed)',
    }),
    deleted_tokens: Type.Integer({
      minimum: 0,
      description: 'personal access tokens deleted (their sockets closed)',
    }),
  },
  { title: 'PasswordResetResult' },
)

/** A confirmed change of address. */
export const EmailChangeConfirmed = Type.Object(
  { username: Type.String(), email: Type.String({ description: 'the new address, now in use' }) },
  { title: 'EmailChangeConfirmed' },
)

export type PasswordResetRequestedBody = Static<typeof PasswordResetRequested>
export type PasswordResetResultBody = Static<typeof PasswordResetResult>
export type EmailChangeConfirmedBody = Static<typeof EmailChangeConfirmed>
