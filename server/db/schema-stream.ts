import type { Generated } from 'kysely'

/**
 * The table of stream cursor baselines (migration 027), part of `Database` in schema.ts: see
 * domain/messaging/stream-baselines.ts.
 */

/** The last seq of each conversation of a person at one moment, that their cursors name. */
export interface StreamBaselineTable {
  id: Generated<number>
  user_id: number
  /** "conversation:seq,conversation:seq…" */
  seqs: string
  created_at: string
}
