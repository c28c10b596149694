import type { Kysely } from 'kysely'
import type { Dialect } from '../database'
import { createSendFunction } from './send-function'

/**
 * PostgreSQL: the send function written again so that a send may name the last seq of its
 * conversation that the calling instance has passed on to its sockets; the messages other
 * instances committed between that and the new one come back with it (`'preceding'` rows).
 * With two instances, a message written right after one of the other instance's was otherwise
 * held until that one came over Redis (1.6–2 % of the messages in the messages bench's steps
 * at 1,000 sends/s that missed their p99), so that a stall of one instance between its commit
 * and its publish held up the other instance's sockets too.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await createSendFunction(db)
}
