import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '../../server/db/database'
import { DIALECTS } from '../support/dialects'
import { openMigratedDatabase } from '../support/migrated-database'

/**
 * `messages_attachment` holds only the messages that carry an attachment (migration 029): a
 * text message writes no entry into it, and the look-ups of a conversation's pins still use it,
 * their `attachment_type = $n` implying the index's `attachment_type is not null`.
 */
describe.each(DIALECTS)('messages_attachment [%s]', (dialect) => {
  let handle: DbHandle
  beforeAll(async () => {
    handle = await openMigratedDatabase(dialect, 'messages_indexes', 2)
  })
  afterAll(() => handle.close())

  it('is partial: only messages with an attachment', async () => {
    const { rows } =
      dialect === 'sqlite'
        ? await sql<{ def: string }>`select sql as def from sqlite_master
            where type = 'index' and name = 'messages_attachment'`.execute(handle.db)
        : await sql<{ def: string }>`select indexdef as def from pg_indexes
            where indexname = 'messages_attachment' and schemaname = current_schema()`.execute(
            handle.db,
          )
    expect(rows).toHaveLength(1)
    expect(rows[0]!.def.replace(/[\s()]+/g, ' ').toLowerCase()).toMatch(
      /where attachment_type is not null/,
    )
  })

  it("serves a conversation's pins, the type a parameter", async () => {
    // PostgreSQL: no sequential scan, so that the plan shows whether the index can serve at all
    // (on an empty table a scan would be cheaper)
    const plan = await handle.db.transaction().execute(async (trx) => {
      if (dialect === 'sqlite') {
        const { rows } = await sql<{ detail: string }>`explain query plan
          select id from messages where conversation_id = ${1} and attachment_type = ${'pin'}
          order by seq desc`.execute(trx)
        return rows.map((r) => r.detail).join('\n')
      }
      await sql`set local enable_seqscan = off`.execute(trx)
      const { rows } = await sql<{ 'QUERY PLAN': string }>`explain
          select id from messages where conversation_id = ${1} and attachment_type = ${'pin'}
          order by seq desc`.execute(trx)
      return rows.map((r) => r['QUERY PLAN']).join('\n')
    })
    expect(plan).toContain('messages_attachment')
  })
})
