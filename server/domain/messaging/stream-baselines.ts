import { nowIso, type Db } from '../../db/database'

/** The baselines kept per person; a cursor naming an older one is answered resync_required. */
export const BASELINES_KEPT = 20

/**
 * Stream cursor baselines: the last seq of each conversation of a person at one moment,
 * stored so that the cursor of someone in many conversations names it and carries only what
 * moved since (realtime/cursor.ts), instead of all of them in every frame.
 */
export function createStreamBaselines(db: Db) {
  return {
    /** Stores `seqs` for `userId` (dropping all but the newest kept) and returns its id. */
    async save(userId: number, seqs: ReadonlyMap<number, number>): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const text = [...seqs].map(([c, seq]) => `${c}:${seq}`).join(',')
        const row = await trx
          .insertInto('stream_baselines')
          .values({ user_id: userId, seqs: text, created_at: nowIso() })
          .returning('id')
          .executeTakeFirstOrThrow()
        // all but the newest kept (none when there are not that many yet)
        await trx
          .deleteFrom('stream_baselines')
          .where('user_id', '=', userId)
          .where('id', '<', (eb) =>
            eb
              .selectFrom('stream_baselines')
              .select('id')
              .where('user_id', '=', userId)
              .orderBy('id', 'desc')
              .offset(BASELINES_KEPT - 1)
              .limit(1),
          )
          .execute()
        return Number(row.id)
      })
    },

    /** The baseline `id` of `userId`, or null when there is none (another's, or dropped). */
    async load(userId: number, id: number): Promise<Map<number, number> | null> {
      const row = await db
        .selectFrom('stream_baselines')
        .select('seqs')
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst()
      if (!row) return null
      const seqs = new Map<number, number>()
      for (const pair of row.seqs ? row.seqs.split(',') : []) {
        const [c, seq] = pair.split(':')
        seqs.set(Number(c), Number(seq))
      }
      return seqs
    },
  }
}

export type StreamBaselines = ReturnType<typeof createStreamBaselines>
