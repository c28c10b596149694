/** Wire shapes shared by the server and the web app (Pinterest API v5 field names). */

import type { ErrorReason } from './errors'

export const SCOPES = [
  'pins:read',
  'pins:write',
  'boards:read',
  'boards:write',
  'user_accounts:read',
  'user_accounts:write',
  'messages:read',
  'messages:write',
] as const
export type Scope = (typeof SCOPES)[number]

export type AccountType = 'PINNER' | 'BUSINESS'
export type MessagePolicy = 'mutual' | 'following' | 'nobody'
export type Privacy = 'PUBLIC' | 'SECRET'

export interface Page<T> {
  items: T[]
  bookmark: string | null
}

export interface ApiError {
  code: number
  message: string
  reason?: ErrorReason
}

export interface Account {
  id: string
  username: string
  account_type: AccountType
  business_name: string | null
  about: string
  profile_image: string | null
  website_url: string | null
  board_count: number
  pin_count: number
  follower_count: number
  following_count: number
  /** present when the caller is signed in and looks at someone else */
  is_following?: boolean
  follows_you?: boolean
  is_blocked?: boolean
}

/**
 * Pinterest v5 `UserSummary` (`type`, `username`), with what a people list needs to render a
 * row and a follow button.
 */
export interface UserSummary {
  type: 'user'
  id: string
  username: string
  account_type: AccountType
  business_name: string | null
  profile_image: string | null
  /** present when the caller is signed in: whether they follow this person */
  is_following?: boolean
}

/** The signed-in user's own account, with private settings. */
export interface OwnAccount extends Account {
  email: string
  message_policy: MessagePolicy
  /** unread messages are emailed in a digest while you are away (see `UNREAD_DIGEST_DELAY`) */
  unread_digest_email: boolean
  created_at: string
}

export interface ImageVariant {
  width: number
  height: number
  url: string
}

export type ImageSize = '150x150' | '400x300' | '600x' | '1200x'

export interface Pin {
  id: string
  created_at: string
  title: string
  description: string
  link: string | null
  alt_text: string | null
  dominant_color: string
  board_id: string
  board_section_id: string | null
  board_owner: { username: string }
  parent_pin_id: string | null
  is_owner: boolean
  media: { media_type: 'image'; images: Record<ImageSize, ImageVariant> }
  source_domain: string | null
  save_count: number
  like_count: number
  is_liked: boolean
}

export interface Board {
  id: string
  name: string
  description: string
  privacy: Privacy
  owner: { username: string }
  created_at: string
  pin_count: number
  follower_count: number
  is_following?: boolean
  media: { image_cover_url: string | null; pin_thumbnail_urls: string[] }
}

export interface BoardSection {
  id: string
  name: string
}

export interface AccessToken {
  id: string
  name: string
  scopes: Scope[]
  created_at: string
  last_used_at: string | null
}

export interface AuthResult {
  account: OwnAccount
  csrf_token: string
}
