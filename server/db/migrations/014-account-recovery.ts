import type { Kysely } from 'kysely'
import type { Dialect } from '../database'
import { idColumn } from './001-core'

/**
 * Account recovery: password-reset links and email-change confirmations. Each holds a token
 * stored only as its hash, single use (`used_at`), with an expiry, bound to its account; a
 * reset is also bound to the password and address the account had when it was asked for
 * (`password_fingerprint`, `email`), so it dies once either changes.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const [idType, idDef] = idColumn(dialect)
  const ref = dialect === 'postgres' ? 'bigint' : 'integer'
  await db.schema
    .createTable('password_resets')
    .addColumn('id', idType, idDef)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    // the request it answers: a retried job issues nothing twice
    .addColumn('request_id', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('password_fingerprint', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute()
  await db.schema
    .createIndex('password_resets_user_created')
    .on('password_resets')
    .columns(['user_id', 'created_at'])
    .execute()
  await db.schema
    .createTable('email_changes')
    .addColumn('id', idType, idDef)
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    // lower-cased; applied only once the link sent there is opened
    .addColumn('new_email', 'text', (c) => c.notNull())
    .addColumn('old_email', 'text', (c) => c.notNull())
    .addColumn('password_fingerprint', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute()
  await db.schema
    .createIndex('email_changes_user_created')
    .on('email_changes')
    .columns(['user_id', 'created_at'])
    .execute()
}
