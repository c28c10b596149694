import { sql, type Kysely } from 'kysely'

/**
 * Unread-message digests (see domain/notifications): when a member was last seen online, their
 * choice to get the emails, and per membership how far the last digest went and when.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('last_seen_at', 'text').execute()
  // Everyone counts as seen at the upgrade: what was unread before it is not mailed all at once.
  await sql`update users set last_seen_at = ${new Date().toISOString()}`.execute(db)
  await db.schema
    .alterTable('users')
    .addColumn('unread_digest_email', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()
  // the newest seq the last digest covered: the next one lists only what came after it
  await db.schema
    .alterTable('conversation_members')
    .addColumn('digest_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('conversation_members').addColumn('digested_at', 'text').execute()
  // the digest scan starts from conversations with recent messages
  await db.schema
    .createIndex('conversations_last_message_at')
    .on('conversations')
    .column('last_message_at')
    .execute()
}
