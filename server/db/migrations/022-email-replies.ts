import type { Kysely } from 'kysely'
import type { Dialect } from '../database'

/**
 * Reply by email (domain/notifications/email-replies.ts): which reply address (its token, as
 * its sha256) has been used, by which mail (the sha256 of its Message-ID) and for which
 * message. One token posts one mail's reply: the same mail again is the same message, another
 * mail with that token posts nothing. Rows outlive their token (14 days) only briefly.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const ref = dialect === 'postgres' ? 'bigint' : 'integer'
  await db.schema
    .createTable('email_replies')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('message_id_header', 'text', (c) => c.notNull())
    // null while the reply is being posted (the token is claimed first)
    .addColumn('message_id', ref, (c) => c.references('messages.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('email_replies_created_at')
    .on('email_replies')
    .column('created_at')
    .execute()
}
