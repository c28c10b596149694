import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CompiledQuery } from 'kysely'
import pg from 'pg'
import { runPrepared } from '../../server/db/prepared'
import {
  createSendBatcher,
  type BatchedSend,
  type BatchOutcome,
} from '../../server/domain/messaging/send-batch'
import { DIALECTS } from '../support/dialects'
import { openMigratedDatabase, type MigratedDatabase } from '../support/migrated-database'
import type { PgSchema } from '../support/pg-schema'

/**
 * The group commit's fallback (domain/messaging/send-batch.ts): a call that fails as a whole
 * wrote nothing, and its sends go again one by one, so one send's failure is its own. Here a
 * send of the batch meets an identical one another transaction holds uncommitted in another
 * conversation (a unique violation once that one commits); the others of its call still go in.
 */
describe.skipIf(!DIALECTS.includes('postgres'))('the send batcher on PostgreSQL', () => {
  let handle: MigratedDatabase
  let other: pg.Client
  let schema: PgSchema
  const now = new Date().toISOString()

  beforeAll(async () => {
    handle = await openMigratedDatabase('postgres', 'sendbatch', 4)
    schema = handle.schema!
    other = await schema.client()
    await other.query(
      `insert into users (id, username, email, password_hash, created_at)
       select g, 'u' || g, 'u' || g || '@example.com', 'x', $1 from generate_series(1, 3) g`,
      [now],
    )
    await other.query(
      `insert into conversations (id, is_group, created_at) values (1, 1, $1), (2, 1, $1)`,
      [now],
    )
    await other.query(
      `insert into conversation_members (conversation_id, user_id, joined_at)
       select c, u, $1 from generate_series(1, 2) c, generate_series(1, 3) u`,
      [now],
    )
  })

  afterAll(async () => {
    await other?.end()
    await handle?.close()
  })

  /** a group conversation `id` of users 1, 2 and 3 */
  async function groupOfThree(id: number) {
    await other.query(`insert into conversations (id, is_group, created_at) values ($1, 1, $2)`, [
      id,
      now,
    ])
    await other.query(
      `insert into conversation_members (conversation_id, user_id, joined_at)
       select $1, u, $2 from generate_series(1, 3) u`,
      [id, now],
    )
  }

  const sendOf = (conversationId: number, senderId: number, clientId: string): BatchedSend => ({
    conversationId,
    senderId,
    clientId,
    text: clientId,
    attachmentType: null,
    attachmentId: null,
    createdAt: now,
  })

  it('a call failing on a racing identical send: the others of its batch still go in, in order', async () => {
    const recovered: string[] = []
    const batcher = createSendBatcher(handle.db, async (s): Promise<BatchOutcome | null> => {
      recovered.push(s.clientId)
      return null
    })
    // another transaction holds user 1's "dup" in conversation 2, not yet committed
    await other.query('begin')
    await other.query(
      `insert into messages (conversation_id, seq, sender_id, client_message_id, text, created_at)
       values (2, 1, 1, 'dup', 'first', $1)`,
      [now],
    )
    await other.query('update conversations set last_seq = 1 where id = 2')
    const answers = Promise.all([
      batcher.submit(sendOf(1, 2, 'before')),
      batcher.submit(sendOf(1, 1, 'dup')),
      batcher.submit(sendOf(1, 3, 'after')),
    ])
    await new Promise((r) => setTimeout(r, 300))
    expect(batcher.stats().inFlight).toBe(1)
    await other.query('commit')
    const outcomes = await answers
    // one by one: the racing one now sees the original in the other conversation
    expect(outcomes.map((o) => o.outcome)).toEqual(['created', 'reused', 'created'])
    const seqs = outcomes.flatMap((o) => (o.outcome === 'created' ? [o.row.seq] : []))
    expect(seqs).toEqual([1, 2])
    const { rows } = await other.query(
      'select seq, client_message_id from messages where conversation_id = 1 order by seq',
    )
    expect(rows).toEqual([
      { seq: 1, client_message_id: 'before' },
      { seq: 2, client_message_id: 'after' },
    ])
    expect(recovered).toEqual([])
    // the three in one call, which failed, then each in a call of its own
    expect(batcher.stats()).toMatchObject({ calls: 4, called: 6 })
  })

  it('the sends of one turn go in one call; one commit for all of them', async () => {
    const batcher = createSendBatcher(handle.db, async () => null, { maxInFlight: 1 })
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) => batcher.submit(sendOf(2, (i % 3) + 1, `turn-${i}`))),
    )
    expect(outcomes.every((o) => o.outcome === 'created')).toBe(true)
    const { rows } = await other.query(
      `select count(distinct xmin::text) as commits, min(seq) as lo, max(seq) as hi
       from messages where conversation_id = 2 and client_message_id like 'turn-%'`,
    )
    expect(rows[0]).toMatchObject({ commits: 1, lo: 2, hi: 31 })
  })

  it('a send finds its rows by key, however much the tables grew since its plans were made', async () => {
    // a connection of its own, whose plans for the function's statements are made (generic,
    // at the first call, and cached) while the tables hold a few rows
    const conn = await schema.client()
    try {
      const call = (sends: object[]) =>
        conn.query('select * from corkboard_send_messages($1::jsonb)', [JSON.stringify(sends)])
      const send = (c: number, s: number, k: string) => ({ c, s, k, t: k, n: now })
      for (let i = 0; i < 6; i++) await call([send(1, 1, `plan-${i}`), send(2, 2, `plan-${i}`)])
      // then the tables grow, with no analyze meanwhile
      await other.query(`alter table messages set (autovacuum_enabled = false)`)
      await other.query(`alter table conversations set (autovacuum_enabled = false)`)
      await other.query(
        `insert into conversations (id, is_group, created_at) select 100 + g, 1, $1 from generate_series(1, 5000) g`,
        [now],
      )
      await other.query(
        `insert into messages (conversation_id, seq, sender_id, client_message_id, text, created_at)
         select 2, 1000 + g, 3, 'grown-' || g, 'x', $1 from generate_series(1, 20000) g`,
        [now],
      )
      await conn.query('begin')
      const { rows: outcomes } = await call([send(1, 1, 'later'), send(2, 2, 'plan-0')])
      expect(outcomes.map((o) => o.o_outcome)).toEqual(['created', 'duplicate'])
      const { rows: scans } = await conn.query<{ relname: string; seq_scan: string }>(
        `select relname, seq_scan from pg_stat_xact_user_tables
         where schemaname = current_schema() and seq_scan > 0`,
      )
      await conn.query('rollback')
      expect(scans).toEqual([])
    } finally {
      await conn.end()
    }
  })

  it('a send brings back the plain messages committed after what its caller has seen, with who may see each', async () => {
    await other.query(
      `insert into users (id, username, email, password_hash, created_at)
       values (4, 'u4', 'u4@example.com', 'x', $1)`,
      [now],
    )
    await groupOfThree(3)
    // user 3 blocked user 2: in a group, 2's messages are hidden from 3
    await other.query(`insert into blocks (blocker_id, blocked_id, created_at) values (3, 2, $1)`, [
      now,
    ])
    // the other instance: its sends name no seen seq
    const elsewhere = createSendBatcher(handle.db, async () => null)
    const known = new Map<number, number>()
    const here = createSendBatcher(handle.db, async () => null, { seen: (id) => known.get(id) })
    const created = (o: BatchOutcome) => {
      if (o.outcome !== 'created') throw new Error(`not created: ${o.outcome}`)
      return o
    }
    const seqsBefore = (o: BatchOutcome) => created(o).preceding.map((p) => p.row.seq)

    await elsewhere.submit(sendOf(3, 1, 'p-1'))
    // user 4 joins after seq 1: sees seq 2 on
    await other.query(
      `insert into conversation_members (conversation_id, user_id, joined_seq, joined_at)
       values (3, 4, 1, $1)`,
      [now],
    )
    await elsewhere.submit(sendOf(3, 2, 'p-2'))
    known.set(3, 0)
    // two sends of one call: the first brings seq 1 and 2 back, the second follows it
    const [first, second] = await Promise.all([
      here.submit(sendOf(3, 1, 'mine-3')),
      here.submit(sendOf(3, 3, 'mine-4')),
    ])
    expect(created(first!).row.seq).toBe(3)
    expect(created(first!).preceding).toEqual([
      {
        row: expect.objectContaining({ seq: 1, text: 'p-1', sender_id: 1, sender_username: 'u1' }),
        memberIds: [1, 2, 3],
        hiddenFrom: [],
      },
      {
        row: expect.objectContaining({ seq: 2, text: 'p-2', sender_id: 2, sender_username: 'u2' }),
        memberIds: [1, 2, 3, 4],
        hiddenFrom: [3],
      },
    ])
    expect(created(first!).preceding[0]!.row).toMatchObject({
      conversation_id: 3,
      client_message_id: 'p-1',
      reply_to_message_id: null,
      fresh: true,
    })
    expect(seqsBefore(second!)).toEqual([])

    // nothing to bring: seen up to the last, or not known at all
    known.set(3, 4)
    expect(seqsBefore(await here.submit(sendOf(3, 1, 'mine-5')))).toEqual([])
    await elsewhere.submit(sendOf(3, 2, 'p-6'))
    known.delete(3)
    expect(seqsBefore(await here.submit(sendOf(3, 1, 'mine-7')))).toEqual([])

    // a reaction among the positions between: nothing comes back (what follows waits as before)
    const reacted = created(await elsewhere.submit(sendOf(3, 2, 'p-8')))
    await other.query(
      `insert into message_events (conversation_id, seq, message_id, kind, actor_id, created_at)
       values (3, 9, $1, 'reaction', 1, $2)`,
      [reacted.row.id, now],
    )
    await other.query('update conversations set last_seq = 9 where id = 3')
    known.set(3, 7)
    expect(seqsBefore(await here.submit(sendOf(3, 1, 'mine-10')))).toEqual([])

    // a reply ends the run there
    await elsewhere.submit(sendOf(3, 2, 'p-11'))
    await other.query(
      `insert into messages (conversation_id, seq, sender_id, client_message_id, text,
                             reply_to_message_id, created_at)
       values (3, 12, 2, 'reply-12', 'a reply', $1, $2)`,
      [reacted.row.id, now],
    )
    await other.query('update conversations set last_seq = 12 where id = 3')
    known.set(3, 10)
    expect(seqsBefore(await here.submit(sendOf(3, 1, 'mine-13')))).toEqual([11])

    // at most 16 positions
    await Promise.all(
      Array.from({ length: 17 }, (_, i) => elsewhere.submit(sendOf(3, 1, `many-${i}`))),
    )
    known.set(3, 13)
    expect(seqsBefore(await here.submit(sendOf(3, 1, 'mine-31')))).toEqual([])
    await Promise.all(
      Array.from({ length: 16 }, (_, i) => elsewhere.submit(sendOf(3, 1, `more-${i}`))),
    )
    known.set(3, 31)
    expect(seqsBefore(await here.submit(sendOf(3, 1, 'mine-48')))).toEqual(
      Array.from({ length: 16 }, (_, i) => 32 + i),
    )
  })

  it('the function’s id arrays read as numbers: empty, with a NULL, at the largest safe id', async () => {
    const read = (text: string) =>
      runPrepared<{ a: (number | null)[] | null }>(
        handle.db,
        CompiledQuery.raw(`select ${text}::int8[] as a`, []),
      )
    expect(await read(`'{}'`)).toEqual([{ a: [] }])
    expect(await read(`'{3,NULL,-4}'`)).toEqual([{ a: [3, null, -4] }])
    expect(await read(`array[${Number.MAX_SAFE_INTEGER}]`)).toEqual([
      { a: [Number.MAX_SAFE_INTEGER] },
    ])
    expect(await read('null')).toEqual([{ a: null }])
    // a nested one (none is read today): as pg's own array parser gives it
    expect(await read(`'{{1,2},{3,4}}'`)).toEqual([
      {
        a: [
          ['1', '2'],
          ['3', '4'],
        ],
      },
    ])
    // other types as pg reads them
    const [row] = await runPrepared<{ n: number; t: string[] }>(
      handle.db,
      CompiledQuery.raw(`select 7::int8 as n, array['x', 'y'] as t`, []),
    )
    expect(row).toEqual({ n: 7, t: ['x', 'y'] })
  })

  it('at a high rate a call waits for more sends to join it; after a quiet spell one leaves at once', async () => {
    await groupOfThree(4)
    const batcher = createSendBatcher(handle.db, async () => null, {
      linger: { rate: 100, ms: 20 },
    })
    // about 500 sends/s for a third of a second
    const answers: Promise<BatchOutcome>[] = []
    let early = batcher.stats()
    for (let i = 0; i < 150; i++) {
      // the rate is known after a tenth of a second: from then on, count the calls
      if (i === 75) early = batcher.stats()
      answers.push(batcher.submit(sendOf(4, (i % 3) + 1, `fast-${i}`)))
      await new Promise((r) => setTimeout(r, 2))
    }
    const outcomes = await Promise.all(answers)
    expect(outcomes.every((o) => o.outcome === 'created')).toBe(true)
    const { calls, called } = batcher.stats()
    expect(called).toBe(150)
    // the last 75 sends: several to a call (each waited 20 ms for others)
    expect(called - early.called).toBeGreaterThanOrEqual(75)
    expect(calls - early.calls).toBeLessThan(75 / 3)
    // quiet, then a lone send: its call starts in the same turn's check phase, not 20 ms later
    await new Promise((r) => setTimeout(r, 300))
    const lone = batcher.submit(sendOf(4, 1, 'lone'))
    await new Promise((r) => setImmediate(r))
    expect(batcher.stats().inFlight).toBe(1)
    expect((await lone).outcome).toBe('created')
  })
})
