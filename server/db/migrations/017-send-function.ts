import type { Kysely } from 'kysely'
import type { Dialect } from '../database'
import { createSendFunction } from './send-function'

/**
 * A send in one round trip on PostgreSQL: `corkboard_send_messages(sends jsonb)` (its text and
 * contract in send-function.ts, as it is now: migrations 024 and 025 write it again where this
 * one ran an earlier text). SQLite keeps its own path: nothing here.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await createSendFunction(db)
}
