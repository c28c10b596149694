/**
 * The table of reply by email (migration 022), part of `Database` in schema.ts: see
 * domain/notifications/email-replies.ts.
 */

/** A reply address used: its token's sha256, the mail that used it, the message it posted. */
export interface EmailReplyTable {
  /** sha256 (hex) of the reply token */
  token_hash: string
  /** sha256 (hex) of the reply's Message-ID (or of the raw mail when it has none) */
  message_id_header: string
  /** the message posted; null while it is being posted */
  message_id: number | null
  created_at: string
}
