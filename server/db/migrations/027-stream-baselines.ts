import type { Kysely } from 'kysely'
import type { Dialect } from '../database'
import { idColumn } from './001-core'

/**
 * Stream cursors of people in many conversations (domain/messaging/stream-baselines.ts): a
 * cursor then names a stored baseline (the last seq of each conversation when it was taken)
 * and carries only the conversations that moved since, instead of every one of them in every
 * frame. Only the newest few of each person are kept; a cursor naming an older one resyncs.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const [idType, idDef] = idColumn(dialect)
  const ref = dialect === 'postgres' ? 'bigint' : 'integer'
  await db.schema
    .createTable('stream_baselines')
    .addColumn('id', idType, idDef)
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    // "conversation:seq,conversation:seq…"
    .addColumn('seqs', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('stream_baselines_user')
    .on('stream_baselines')
    .columns(['user_id', 'id'])
    .execute()
}
