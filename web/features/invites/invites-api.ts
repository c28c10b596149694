import type { AuthResult } from '../../../protocol/api'
import type { AttachmentRef } from '../../../protocol/messages'
import type { ErrorReason } from '../../../protocol/errors'
import { api, type ApiErrorReason } from '../../lib/api'

/** `GET /v5/invites/{token}`: what the landing page shows; reading it never uses it up. */
export interface InvitePreview {
  status: 'valid' | 'used' | 'expired'
  email: string
  inviter: { username: string; business_name: string | null } | null
  note: string | null
  attachment: AttachmentRef
  /** the username of a shared profile (null for pins and boards) */
  shared_username: string | null
  expires_at: string
}

/** What signing up from an invite did with it (the account is created either way). */
export type SignupInviteOutcome =
  { accepted: true; conversation_id: string | null } | { accepted: false; reason: ErrorReason }

export interface SignupResult extends AuthResult {
  invite?: SignupInviteOutcome
}

export const invitePath = (token: string) => `/invite/${encodeURIComponent(token)}`

export const invitePreviewPath = (token: string) => `/v5/invites/${encodeURIComponent(token)}`

export function acceptInvite(token: string): Promise<{ conversation_id: string | null }> {
  return api(`/v5/invites/${encodeURIComponent(token)}/accept`, { method: 'POST' })
}

/** Why an invite could not be used, as a sentence. */
export function inviteRefusalText(reason: ApiErrorReason | undefined): string {
  switch (reason) {
    case 'invite_used':
      return 'This invite has already been used.'
    case 'invite_expired':
      return 'This invite has expired.'
    case 'invite_wrong_account':
      return 'This invite was sent to another email address.'
    default:
      return 'This invite could not be used.'
  }
}
