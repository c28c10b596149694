import type { Kysely } from 'kysely'
import type { Dialect } from '../database'

/**
 * Credit and déjà vu (issue 17).
 *
 * - `media.phash`: the picture's perceptual hash (a 64-bit dHash as 16 hex digits), set at
 *   ingest; null for media stored before this migration until it is first needed (computed
 *   from the stored file then, see domain/media/phash.ts). Two pictures whose hashes differ in
 *   at most a few bits are the same picture (re-encoded, resized).
 * - `message_actions.saved_pin_id`: for a save made from a message's card, the pin the save
 *   made (so the sender's credit can name the board it is on now). No foreign key: a deleted
 *   copy leaves the credit without a board. Null for other actions and older saves.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const ref = dialect === 'postgres' ? 'bigint' : 'integer'
  await db.schema.alterTable('media').addColumn('phash', 'text').execute()
  await db.schema.alterTable('message_actions').addColumn('saved_pin_id', ref).execute()
}
