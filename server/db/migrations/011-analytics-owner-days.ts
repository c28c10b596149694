import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely'
import type { Dialect } from '../database'

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
 * A brand's analytics over a range read one row per day, not one per pin and day: the
 * per-owner roll-up of analytics_pin_days, kept by the same flush. The distinct conversations
 * and inviters of an owner are read from covering indexes.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const ref = dialect === 'postgres' ? 'bigint' : 'integer'
  const count = (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(0)
  let days = db.schema
    .createTable('analytics_owner_days')
    .addColumn('owner_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
  for (const metric of METRICS) days = days.addColumn(metric, 'integer', count)
  await days.addPrimaryKeyConstraint('analytics_owner_days_pk', ['owner_id', 'day']).execute()
  const columns = sql.join(METRICS.map((m) => sql.ref(m)))
  const sums = sql.join(METRICS.map((m) => sql`sum(${sql.ref(m)})`))
  await sql`insert into analytics_owner_days (owner_id, day, ${columns})
    select owner_id, day, ${sums} from analytics_pin_days group by owner_id, day`.execute(db)

  await db.schema
    .createIndex('analytics_pin_conversations_owner_cover')
    .on('analytics_pin_conversations')
    .columns(['owner_id', 'day', 'conversation_id'])
    .execute()
  await db.schema.dropIndex('analytics_pin_conversations_owner').execute()
  await db.schema
    .createIndex('analytics_pin_inviters_owner_cover')
    .on('analytics_pin_inviters')
    .columns(['owner_id', 'day', 'user_id'])
    .execute()
  await db.schema.dropIndex('analytics_pin_inviters_owner').execute()
}
