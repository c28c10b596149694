import { sql, type Kysely } from 'kysely'
import type { Dialect } from '../database'
import { idColumn } from './001-core'

const METRICS = [
  'impressions',
  'closeups',
  'saves',
  'source_clicks',
  'message_sends',
  'saves_via_message',
  'clicks_via_message',
  'invites_sent',
  'invites_accepted',
] as const

/**
 * Brands (see domain/brands and domain/analytics): promotions, thank-you runs and who was
 * thanked; analytics counted as events happen, per pin and UTC day, and the distinct
 * conversations and inviters behind them; what each person did for a brand (influencers).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const [idType, idDef] = idColumn(dialect)
  const ref = dialect === 'postgres' ? 'bigint' : 'integer'
  const count = (c: import('kysely').ColumnDefinitionBuilder) => c.notNull().defaultTo(0)

  await db.schema
    .createTable('promotions')
    .addColumn('id', idType, idDef)
    .addColumn('brand_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('pin_id', ref, (c) => c.notNull().references('pins.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // UTC dates (YYYY-MM-DD), both inclusive
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('promotions_brand')
    .on('promotions')
    .columns(['brand_id', 'id'])
    .execute()

  await db.schema
    .createTable('promotion_runs')
    .addColumn('id', idType, idDef)
    .addColumn('promotion_id', ref, (c) =>
      c.notNull().references('promotions.id').onDelete('cascade'),
    )
    .addColumn('brand_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('client_run_id', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('attachment_type', 'text')
    .addColumn('attachment_id', ref)
    .addColumn('status', 'text', (c) => c.notNull())
    // the step the run's job chain is at: a job whose step is not this one is stale
    .addColumn('step', 'integer', count)
    .addColumn('total', 'integer', count)
    .addColumn('sent', 'integer', count)
    .addColumn('skipped_not_mutual', 'integer', count)
    .addColumn('skipped_blocked', 'integer', count)
    .addColumn('skipped_policy_nobody', 'integer', count)
    .addColumn('skipped_already_thanked', 'integer', count)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addUniqueConstraint('promotion_runs_client', ['promotion_id', 'client_run_id'])
    .execute()
  await db.schema
    .createIndex('promotion_runs_promotion')
    .on('promotion_runs')
    .columns(['promotion_id', 'id'])
    .execute()

  // the participants a run set out to thank (taken when it starts) and what became of each
  await db.schema
    .createTable('promotion_run_items')
    .addColumn('run_id', ref, (c) =>
      c.notNull().references('promotion_runs.id').onDelete('cascade'),
    )
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    // null while pending; then 'sent' or the reason it was skipped
    .addColumn('outcome', 'text')
    .addColumn('message_id', ref)
    .addColumn('done_at', 'text')
    .addPrimaryKeyConstraint('promotion_run_items_pk', ['run_id', 'user_id'])
    .execute()

  // who has been thanked for a promotion: never twice, whatever the runs
  await db.schema
    .createTable('promotion_thanks')
    .addColumn('promotion_id', ref, (c) =>
      c.notNull().references('promotions.id').onDelete('cascade'),
    )
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('brand_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('run_id', ref, (c) => c.notNull())
    .addColumn('message_id', ref)
    .addColumn('thanked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('promotion_thanks_pk', ['promotion_id', 'user_id'])
    .execute()
  // the per-brand pace of thank-yous across its runs
  await db.schema
    .createIndex('promotion_thanks_brand')
    .on('promotion_thanks')
    .columns(['brand_id', 'thanked_at'])
    .execute()

  // a thank-you message names its promotion (the recipient's "mute" banner); null otherwise
  await db.schema.alterTable('messages').addColumn('promotion_id', ref).execute()
  // participants who sent a promotion's pin: messages carrying a pin, by pin and time
  await sql`create index messages_pin_attachment on messages (attachment_id, created_at) where attachment_type = 'pin'`.execute(
    db,
  )

  // analytics, per pin and UTC day (YYYY-MM-DD); the pin may be gone, its history stays
  let days = db.schema
    .createTable('analytics_pin_days')
    .addColumn('pin_id', ref, (c) => c.notNull())
    .addColumn('owner_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
  for (const metric of METRICS) days = days.addColumn(metric, 'integer', count)
  await days.addPrimaryKeyConstraint('analytics_pin_days_pk', ['pin_id', 'day']).execute()
  await db.schema
    .createIndex('analytics_pin_days_owner')
    .on('analytics_pin_days')
    .columns(['owner_id', 'day'])
    .execute()

  // the distinct conversations a pin was sent in, and the distinct members who invited with it
  for (const [table, column] of [
    ['analytics_pin_conversations', 'conversation_id'],
    ['analytics_pin_inviters', 'user_id'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('pin_id', ref, (c) => c.notNull())
      .addColumn('owner_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn(column, ref, (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['pin_id', 'day', column])
      .execute()
    await db.schema.createIndex(`${table}_owner`).on(table).columns(['owner_id', 'day']).execute()
  }

  // what each person did for a brand through messages (credited to the message's sender)
  await db.schema
    .createTable('brand_influence')
    .addColumn('brand_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('sends', 'integer', count)
    .addColumn('saves_via_message', 'integer', count)
    .addColumn('clicks_via_message', 'integer', count)
    .addColumn('invites_accepted', 'integer', count)
    .addPrimaryKeyConstraint('brand_influence_pk', ['brand_id', 'user_id'])
    .execute()
}
