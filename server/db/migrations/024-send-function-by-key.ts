import type { Kysely } from 'kysely'
import type { Dialect } from '../database'
import { createSendFunction } from './send-function'

/**
 * PostgreSQL: the send function (migration 017) written again so that each of its statements
 * finds its rows by key. Its plans are cached per connection from its first calls; on a new
 * database those were made while `messages` and `conversations` were nearly empty, and its
 * idempotency look-up and conversation lock then scanned both tables on every send, ever
 * longer as they grew, until the next analyze (in the messages bench: 0.33 ms of a 0.8 ms call
 * at 8,000 messages).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await createSendFunction(db)
}
