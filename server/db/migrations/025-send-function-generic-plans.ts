import type { Kysely } from 'kysely'
import type { Dialect } from '../database'
import { createSendFunction } from './send-function'

/**
 * PostgreSQL: the send function written again with `plan_cache_mode = force_generic_plan`. Its
 * members look-up had a custom plan made for every call (PostgreSQL judged the generic one
 * dearer for an array of unknown length), and planning it cost more than running it (57 µs
 * against 20, of 363 µs for a call of two sends). Without it, the function alone took 385 µs of
 * PostgreSQL's CPU for a lone send; with it, 289 (medians of three runs each).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await createSendFunction(db)
}
