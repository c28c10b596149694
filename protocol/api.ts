/**
 * Wire shapes shared by the server and the web app (Pinterest API v5 field names): the object
 * types are the TypeBox schemas' (`protocol/schemas/`), so the two cannot drift apart.
 */

import type { Static } from 'typebox'
import type { ErrorReason } from './errors'
// type-only: the web app's bundle gets the types, never TypeBox or the schemas themselves
import type {
  AccessToken as AccessTokenSchema,
  Account as AccountSchema,
  AccountType as AccountTypeSchema,
  AuthResult as AuthResultSchema,
  MessagePolicy as MessagePolicySchema,
  OwnAccount as OwnAccountSchema,
  UserSummary as UserSummarySchema,
} from './schemas/accounts'
import type {
  Board as BoardSchema,
  BoardSection as BoardSectionSchema,
  Privacy as PrivacySchema,
} from './schemas/boards'
import type { ImageVariant as ImageVariantSchema, Pin as PinSchema } from './schemas/pins'
import type { FeedPin as FeedPinSchema, SavedBy as SavedBySchema } from './schemas/feed'

export const SCOPES = [
  'pins:read',
  'pins:write',
  'boards:read',
  'boards:write',
  'user_accounts:read',
  'user_accounts:write',
  'messages:read',
  'messages:write',
  'ads:read',
  'ads:write',
] as const
export type Scope = (typeof SCOPES)[number]

export type AccountType = Static<typeof AccountTypeSchema>
export type MessagePolicy = Static<typeof MessagePolicySchema>
export type Privacy = Static<typeof PrivacySchema>

/** The list envelope (the schema's `Page` is a function of its item, so written here). */
export interface Page<T> {
  items: T[]
  bookmark: string | null
}

/** The error body, with `reason` narrowed to the known reasons (the schema says string). */
export interface ApiError {
  code: number
  message: string
  reason?: ErrorReason
}

/**
 * A public profile (Pinterest's Account): `is_following`, `follows_you` and `is_blocked` are
 * present when the caller is signed in and looks at someone else.
 */
export type Account = Static<typeof AccountSchema>

/**
 * Pinterest v5 `UserSummary` (`type`, `username`), with what a people list needs to render a
 * row and a follow button (`is_following` present when the caller is signed in).
 */
export type UserSummary = Static<typeof UserSummarySchema>

/**
 * The signed-in user's own account, with private settings (`unread_digest_email`: unread
 * messages are emailed in a digest while you are away, see `UNREAD_DIGEST_DELAY`).
 */
export type OwnAccount = Static<typeof OwnAccountSchema>

export type ImageVariant = Static<typeof ImageVariantSchema>

export type ImageSize = '150x150' | '400x300' | '600x' | '1200x'

export type Pin = Static<typeof PinSchema>

/** A home-feed card: a pin with who of the viewer's network saved it. */
export type FeedPin = Static<typeof FeedPinSchema>

export type SavedBy = Static<typeof SavedBySchema>

export type Board = Static<typeof BoardSchema>

export type BoardSection = Static<typeof BoardSectionSchema>

export type AccessToken = Static<typeof AccessTokenSchema>

export type AuthResult = Static<typeof AuthResultSchema>
