import type { Kysely } from 'kysely'
import type { Dialect } from '../database'
import { idColumn } from './001-core'

/**
 * Invites: something sent to an email address that has no account yet. The token is stored
 * only as its hash; the invite remembers what was shared, so that accepting it opens the
 * conversation with it.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const [idType, idDef] = idColumn(dialect)
  const ref = dialect === 'postgres' ? 'bigint' : 'integer'
  await db.schema
    .createTable('invites')
    .addColumn('id', idType, idDef)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    // lower-cased; the only address that may accept it
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('inviter_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('attachment_type', 'text', (c) => c.notNull())
    .addColumn('attachment_id', ref, (c) => c.notNull())
    .addColumn('note', 'text')
    // the share it came from: a retried share invites nobody twice
    .addColumn('client_message_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_by', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('conversation_id', ref, (c) => c.references('conversations.id').onDelete('set null'))
    .addUniqueConstraint('invites_share', ['inviter_id', 'client_message_id', 'email'])
    .execute()
  await db.schema
    .createIndex('invites_email_created')
    .on('invites')
    .columns(['email', 'created_at'])
    .execute()
  await db.schema
    .createIndex('invites_inviter_created')
    .on('invites')
    .columns(['inviter_id', 'created_at'])
    .execute()
}
