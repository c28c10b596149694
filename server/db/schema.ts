import type { Generated } from 'kysely'
import type {
  AnalyticsOwnerDayTable,
  AnalyticsPinConversationTable,
  AnalyticsPinDayTable,
  AnalyticsPinInviterTable,
  BrandInfluenceTable,
  PromotionRunItemTable,
  PromotionRunTable,
  PromotionTable,
  PromotionThankTable,
} from './schema-brands'
import type {
  DataExportTable,
  InstanceSettingTable,
  ModerationLogTable,
  NoticeTable,
  RemovedContentTable,
  ReportTable,
  ReservedUsernameTable,
} from './schema-moderation'
import type { EmailChangeTable, PasswordResetTable } from './schema-recovery'
import type { EmailReplyTable } from './schema-email-replies'
import type { StreamBaselineTable } from './schema-stream'
import type { MessageBeyondColumns, MessagesBeyondTables } from './schema-messages-beyond'
import type { BoardCollaboratorTable, PinVoteTable } from './schema-decide'
import type {
  BoardSearchDocTable,
  SearchDocTable,
  SearchTermTable,
  UserTrigramTable,
} from './schema-search'

/**
 * Per-table row types. Portable across SQLite and PostgreSQL: ids are integers (exposed as
 * strings on the wire), times are ISO 8601 UTC text, booleans are 0/1 integers.
 */
export interface UserTable {
  id: Generated<number>
  username: string
  email: string
  password_hash: string
  account_type: 'PINNER' | 'BUSINESS'
  business_name: string | null
  about: string
  website_url: string | null
  profile_image_key: string | null
  message_policy: 'mutual' | 'following' | 'nobody'
  created_at: string
  /** the last time a socket of theirs was open (see domain/notifications/presence.ts) */
  last_seen_at: string | null
  /** 1: unread messages are emailed in digests (the default); 0: unsubscribed */
  unread_digest_email: Generated<number>
  /** when first sign-in's topics and follows were done or skipped; null: not yet (015) */
  onboarded_at: string | null
  /** 'admin' | 'moderator' | null: what the person may do to run the instance (016) */
  role: 'admin' | 'moderator' | null
  /** set while suspended: the account is hidden and may not log in (016) */
  suspended_at: string | null
  suspension_reason: string | null
  /** set on the tombstone a deleted account leaves for other members' old messages (016) */
  deleted_at: string | null
}

export interface SessionTable {
  id_hash: string
  user_id: number
  csrf_token: string
  created_at: string
  expires_at: string
}

export interface AccessTokenTable {
  id: Generated<number>
  user_id: number
  name: string
  token_hash: string
  /** space-separated scope names */
  scopes: string
  created_at: string
  last_used_at: string | null
}

export interface FollowTable {
  follower_id: number
  followee_id: number
  created_at: string
}

export interface BoardFollowTable {
  user_id: number
  board_id: number
  created_at: string
}

export interface BlockTable {
  blocker_id: number
  blocked_id: number
  created_at: string
}

export interface BoardTable {
  id: Generated<number>
  owner_id: number
  name: string
  description: string
  privacy: 'PUBLIC' | 'SECRET'
  created_at: string
  conversation_id?: number | null // the group conversation it was made from (migration 020)
}

export interface BoardSectionTable {
  id: Generated<number>
  board_id: number
  name: string
  created_at: string
}

export interface MediaTable {
  /** random, unguessable; files live at MEDIA_DIR/<key>/<size>.jpg */
  key: string
  owner_id: number
  width: number
  height: number
  dominant_color: string
  created_at: string
  /** perceptual hash (64-bit dHash, 16 hex digits); null until computed (migration 021) */
  phash?: string | null
}

export interface PinTable {
  id: Generated<number>
  owner_id: number
  board_id: number
  board_section_id: number | null
  /** 1 when the pin's board is SECRET (denormalised from boards for feeds and search) */
  secret: number
  title: string
  description: string
  link: string | null
  alt_text: string | null
  media_key: string
  parent_pin_id: number | null
  /** the root of the save chain, null on an original (filled by the database on insert) */
  root_pin_id: number | null
  source_domain: string | null
  save_count: number
  like_count: number
  click_count: number
  created_at: string
}

export interface PinLikeTable {
  user_id: number
  pin_id: number
  created_at: string
}

export interface PinClickTable {
  id: Generated<number>
  pin_id: number
  user_id: number | null
  via: string | null
  created_at: string
}

export interface ConversationTable {
  id: Generated<number>
  is_group: number
  title: string | null
  pair_key: string | null
  last_seq: number
  last_message_at: string | null
  created_by: number | null
  created_at: string
}

export interface ConversationMemberTable {
  conversation_id: number
  user_id: number
  joined_seq: number
  left_seq: number | null
  muted: number
  last_read_seq: number
  joined_at: string
  /** the newest seq the last unread digest covered, and when it was sent */
  digest_seq: Generated<number>
  digested_at: string | null
}

export interface MessageTable extends MessageBeyondColumns {
  id: Generated<number>
  conversation_id: number
  seq: number
  sender_id: number
  client_message_id: string
  text: string | null
  attachment_type: 'pin' | 'board' | 'user' | null
  attachment_id: number | null
  created_at: string
  /** a thank-you sent by a promotion's run (see domain/brands); null for anything else */
  promotion_id: Generated<number | null>
}

export interface MessageActionTable {
  id: Generated<number>
  message_id: number
  user_id: number | null
  action: 'save' | 'like' | 'click' | 'send'
  pin_id: number | null
  created_at: string
  /** a save from a card: the pin it made (migration 021) */
  saved_pin_id?: number | null
}

/** A pin in a reader's home-feed network (see domain/feed/timeline.ts). */
export interface FeedItemTable {
  user_id: number
  pin_id: number
}

export interface Database extends MessagesBeyondTables {
  users: UserTable
  sessions: SessionTable
  access_tokens: AccessTokenTable
  follows: FollowTable
  board_follows: BoardFollowTable
  blocks: BlockTable
  boards: BoardTable
  board_sections: BoardSectionTable
  media: MediaTable
  pins: PinTable
  pin_likes: PinLikeTable
  pin_clicks: PinClickTable
  feed_items: FeedItemTable
  conversations: ConversationTable
  conversation_members: ConversationMemberTable
  messages: MessageTable
  message_actions: MessageActionTable
  search_docs: SearchDocTable
  search_terms: SearchTermTable
  board_search_docs: BoardSearchDocTable
  user_trigrams: UserTrigramTable
  invites: InviteTable
  jobs: JobTable
  outbox_mail: OutboxMailTable
  promotions: PromotionTable
  promotion_runs: PromotionRunTable
  promotion_run_items: PromotionRunItemTable
  promotion_thanks: PromotionThankTable
  analytics_pin_days: AnalyticsPinDayTable
  analytics_owner_days: AnalyticsOwnerDayTable
  analytics_pin_conversations: AnalyticsPinConversationTable
  analytics_pin_inviters: AnalyticsPinInviterTable
  brand_influence: BrandInfluenceTable
  password_resets: PasswordResetTable
  email_changes: EmailChangeTable
  reports: ReportTable
  moderation_log: ModerationLogTable
  removed_content: RemovedContentTable
  notices: NoticeTable
  instance_settings: InstanceSettingTable
  data_exports: DataExportTable
  reserved_usernames: ReservedUsernameTable
  email_replies: EmailReplyTable
  pin_votes: PinVoteTable
  board_collaborators: BoardCollaboratorTable
  stream_baselines: StreamBaselineTable
}

/** Something shared with an email address that has no account (see domain/invites). */
export interface InviteTable {
  id: Generated<number>
  token_hash: string
  email: string
  inviter_id: number
  attachment_type: string
  attachment_id: number
  note: string | null
  client_message_id: string
  created_at: string
  expires_at: string
  opened_at: string | null
  accepted_at: string | null
  accepted_by: number | null
  conversation_id: number | null
}

/** Background work (see server/jobs/runner.ts); payload is JSON. */
export interface JobTable {
  id: Generated<number>
  type: string
  payload: string
  run_at: string
  /** claims so far, the running one included */
  attempts: number
  last_error: string | null
  /** set while a runner holds the job; past it, the job is anyone's again */
  locked_until: string | null
  done_at: string | null
  /** set when the job has used up its attempts; it is never run again */
  failed_at: string | null
  created_at: string
}

/** Mail kept by the embedded outbox (no SMTP_URL); headers and attachments are JSON. */
export interface OutboxMailTable {
  id: Generated<number>
  to: string
  subject: string
  text: string
  html: string | null
  headers: string
  attachments: string
  created_at: string
}
