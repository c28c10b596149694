import { sql, type Kysely } from 'kysely'
import type { Dialect } from '../database'
import { idColumn } from './001-core'

/**
 * Running an instance: roles, reports and what moderators do about them, the audit log,
 * in-app notices, registration settings, data exports and deleted accounts.
 *
 * - `users.role` 'admin' | 'moderator' | null; `suspended_at` (+ why) hides the account and
 *   refuses its log-in; `deleted_at` marks the tombstone a deleted account leaves (kept so
 *   that other members' old messages still have a sender: "Deleted account").
 * - `reports`: one per reporter and item (pin, board, user, message), open until acted on.
 *   The reports of messages made before this (`message_reports`) move here.
 * - `moderation_log`: every moderation action and role change, who did it and why (the audit).
 * - `removed_content`: what moderators took down, so a message card can say "This pin was
 *   removed" rather than only "unavailable".
 * - `notices`: what the app tells a person (a warning, the outcome of their report).
 * - `instance_settings`: key/value, e.g. registrations = open | invite_only | closed.
 * - `data_exports`: a person's ZIP of their data, built by a job, downloadable for 7 days.
 * - `reserved_usernames`: a deleted account's username, not to be taken until `until`.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const [idType, idDef] = idColumn(dialect)
  const ref = dialect === 'postgres' ? 'bigint' : 'integer'

  await db.schema.alterTable('users').addColumn('role', 'text').execute()
  await db.schema.alterTable('users').addColumn('suspended_at', 'text').execute()
  await db.schema.alterTable('users').addColumn('suspension_reason', 'text').execute()
  await db.schema.alterTable('users').addColumn('deleted_at', 'text').execute()
  // An instance that already has people: its first account is its admin.
  await sql`update users set role = 'admin' where id = (select min(id) from users)`.execute(db)

  await db.schema
    .createTable('reports')
    .addColumn('id', idType, idDef)
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', ref, (c) => c.notNull())
    // whose content it is (the pin's, board's or message's author, or the user reported)
    .addColumn('target_user_id', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reporter_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    // what was done: dismissed | removed | warned | suspended (null while open)
    .addColumn('outcome', 'text')
    .addColumn('resolved_by', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('resolved_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('reports_once', ['target_type', 'target_id', 'reporter_id'])
    .execute()
  await db.schema.createIndex('reports_status').on('reports').columns(['status', 'id']).execute()
  await db.schema
    .createIndex('reports_target')
    .on('reports')
    .columns(['target_type', 'target_id'])
    .execute()
  await db.schema
    .createIndex('reports_reporter')
    .on('reports')
    .columns(['reporter_id', 'id'])
    .execute()
  await sql`insert into reports (target_type, target_id, target_user_id, reporter_id, reason, note,
      status, created_at)
    select 'message', r.message_id, m.sender_id, r.reporter_id, 'other', r.reason, 'open', r.created_at
    from message_reports r join messages m on m.id = r.message_id
    order by r.id`.execute(db)
  await db.schema.dropTable('message_reports').execute()

  await db.schema
    .createTable('moderation_log')
    .addColumn('id', idType, idDef)
    // null: from the shell (`npm run admin`)
    .addColumn('actor_id', ref, (c) => c.references('users.id').onDelete('set null'))
    // dismiss | remove | warn | suspend | unsuspend | grant | revoke | settings
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', ref)
    .addColumn('target_user_id', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('report_id', ref, (c) => c.references('reports.id').onDelete('set null'))
    .addColumn('note', 'text')
    // what was acted on, as it was (JSON): the audit outlives the content
    .addColumn('detail', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('moderation_log_target_user')
    .on('moderation_log')
    .columns(['target_user_id', 'id'])
    .execute()

  await db.schema
    .createTable('removed_content')
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', ref, (c) => c.notNull())
    .addColumn('removed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('removed_content_pk', ['target_type', 'target_id'])
    .execute()

  await db.schema
    .createTable('notices')
    .addColumn('id', idType, idDef)
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    // warning | report_outcome | export_ready
    .addColumn('kind', 'text', (c) => c.notNull())
    // JSON: what the notice says (e.g. the report's target and outcome, the warning's note)
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute()
  await db.schema.createIndex('notices_user').on('notices').columns(['user_id', 'id']).execute()

  await db.schema
    .createTable('instance_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('data_exports')
    .addColumn('id', idType, idDef)
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    // pending | ready | failed | expired
    .addColumn('status', 'text', (c) => c.notNull())
    // the ZIP's file name under the exports folder, once built
    .addColumn('file_key', 'text')
    .addColumn('size_bytes', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('ready_at', 'text')
    .addColumn('expires_at', 'text')
    .execute()
  await db.schema
    .createIndex('data_exports_user')
    .on('data_exports')
    .columns(['user_id', 'id'])
    .execute()

  await db.schema
    .createTable('reserved_usernames')
    // lower-cased
    .addColumn('username', 'text', (c) => c.primaryKey())
    .addColumn('until', 'text', (c) => c.notNull())
    .execute()
}
