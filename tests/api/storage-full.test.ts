import { open } from 'node:fs/promises'
import { Writable } from 'node:stream'
import Fastify, { type FastifyBaseLogger } from 'fastify'
import { sql } from 'kysely'
import pg from 'pg'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTransaction, sqliteHandleOf, type Tx } from '../../server/db/database'
import { StorageFullError } from '../../server/errors'
import { installErrorHandler } from '../../server/http/error-handler'
import { DIALECTS, PG_URL } from '../support/dialects'
import type { TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'
import { allMessages, conversationOf, messagingApp, mutual, send } from './messaging-fixtures'

const expectStorageFull = (res: { statusCode: number; headers: object; json(): unknown }) => {
  expect(res.statusCode).toBe(503)
  expect(res.json()).toEqual({
    code: 503,
    message: expect.any(String),
    reason: 'storage_full',
  })
  expect(Number((res.headers as Record<string, string>)['retry-after'])).toBeGreaterThan(0)
}

describe('a full disk [sqlite]: SQLITE_FULL from a real page limit', () => {
  let t: TestApp
  let ana: TestUser
  let ben: TestUser
  let conversation: string
  const sqlite = () => sqliteHandleOf(t.ctx.db)!
  const boardNames = async (u: TestUser) => {
    const res = await u.call({ method: 'GET', url: '/v5/boards?page_size=250' })
    expect(res.statusCode).toBe(200)
    return (res.json().items as { name: string }[]).map((b) => b.name).sort()
  }

  beforeAll(async () => {
    t = await messagingApp('sqlite')
    ana = await signUp(t)
    ben = await signUp(t)
    await mutual(t, ana, ben)
    conversation = await conversationOf(ana, ben)
  })
  afterAll(async () => {
    await t?.close()
  })

  it('answers 503 storage_full, keeps reads working, leaves nothing half-written, and recovers', async () => {
    const pages = sqlite().pragma('page_count', { simple: true }) as number
    sqlite().pragma(`max_page_count = ${pages + 2}`)

    // boards, one after another, until the file may grow no more
    const boards: string[] = []
    let boardFull: Awaited<ReturnType<typeof send>> | undefined
    for (let i = 0; i < 55 && !boardFull; i++) {
      const payload = { name: `board ${i}`, description: 'd'.repeat(500) }
      const res = await ana.call({ method: 'POST', url: '/v5/boards', payload })
      if (res.statusCode === 201) boards.push(payload.name)
      else boardFull = res
    }
    expect(boardFull, 'some board must meet the page limit').toBeDefined()
    expectStorageFull(boardFull!)

    // messages of 1,900 characters, likewise
    const accepted: string[] = []
    let full: Awaited<ReturnType<typeof send>> | undefined
    for (let i = 0; i < 80 && !full; i++) {
      const text = `message ${i} ` + 'x'.repeat(1900)
      const res = await send(ana, conversation, { text })
      if (res.statusCode === 201) accepted.push(text)
      else full = res
    }
    expect(full, 'some write must meet the page limit').toBeDefined()
    expectStorageFull(full!)

    // a batch of writes in one turn (one shared commit, each in a savepoint): each one either
    // made it or answers storage_full, never a 500
    const batchTexts = Array.from({ length: 4 }, (_, i) => `batch ${i} ` + 'y'.repeat(1900))
    const [batch, sends] = await Promise.all([
      Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          (i % 2 ? ana : ben).call({
            method: 'POST',
            url: '/v5/boards',
            payload: { name: `full ${i}`, description: 'd'.repeat(500) },
          }),
        ),
      ),
      Promise.all(batchTexts.map((text, i) => send(i % 2 ? ana : ben, conversation, { text }))),
    ])
    for (const res of sends) {
      if (res.statusCode === 201) accepted.push(res.json().text)
      else expectStorageFull(res)
    }
    expect(sends.some((res) => res.statusCode === 503)).toBe(true)
    for (const res of batch) {
      if (res.statusCode !== 201) expectStorageFull(res)
    }

    // reads still work, and show exactly the writes that were answered as done
    const seen = await allMessages(ana, conversation, 50)
    expect(seen.map((m) => m.text).sort()).toEqual([...accepted].sort())
    const madeBoards = batch
      .map((res, i) => (res.statusCode === 201 ? `full ${i}` : null))
      .filter((name) => name !== null)
    expect([...(await boardNames(ana)), ...(await boardNames(ben))].sort()).toEqual(
      [...boards, ...madeBoards].sort(),
    )
    expect(sqlite().pragma('integrity_check', { simple: true })).toBe('ok')

    // room again: writes work again
    sqlite().pragma('max_page_count = 1073741823')
    const again = await send(ana, conversation, { text: 'there is room again' })
    expect(again.statusCode).toBe(201)
    const board = await ana.call({ method: 'POST', url: '/v5/boards', payload: { name: 'after' } })
    expect(board.statusCode).toBe(201)
    const after = await allMessages(ana, conversation, 50)
    expect(after.map((m) => m.text).sort()).toEqual([...accepted, 'there is room again'].sort())
    expect(await boardNames(ana)).toContain('after')
  })

  // An insert into a table without secondary indexes takes no statement journal: on
  // SQLITE_FULL, SQLite rolls the whole transaction back by itself (as it does for a commit
  // that meets a full disk). The ROLLBACK after it must not hide that error.
  it('reports the full disk, not the failed ROLLBACK, when SQLite rolled the transaction back itself', async () => {
    const db = t.ctx.db
    sqlite().exec('create table if not exists scratch (id integer primary key, body text)')
    const rows = () => sqlite().prepare('select count(*) from scratch').pluck().get() as number
    const big = 'z'.repeat(3000)
    const insert = (tx: Tx) => sql`insert into scratch (body) values (${big})`.execute(tx.trx)
    sqlite().pragma(`max_page_count = ${sqlite().pragma('page_count', { simple: true }) as number}`)

    // one transaction alone
    const alone = await inTransaction(db, async (tx) => {
      await insert(tx)
      await insert(tx)
    }).catch((e: unknown) => e)
    expect(alone).toBeInstanceOf(StorageFullError)
    expect(((alone as StorageFullError).cause as { code: string }).code).toBe('SQLITE_FULL')
    expect(sqlite().inTransaction).toBe(false)

    // several in one shared commit: the one that fails takes the batch with it; none of the
    // others may run on outside the transaction (autocommitted) or hear of success
    const outcomes = await Promise.allSettled([
      inTransaction(
        db,
        async (tx) => void (await sql`insert into scratch (body) values ('a')`.execute(tx.trx)),
      ),
      inTransaction(db, async (tx) => {
        await insert(tx)
        await insert(tx)
      }),
      inTransaction(
        db,
        async (tx) => void (await sql`insert into scratch (body) values ('c')`.execute(tx.trx)),
      ),
    ])
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected')
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(StorageFullError)
    }
    expect(rows()).toBe(0)

    sqlite().pragma('max_page_count = 1073741823')
    await inTransaction(db, insert)
    expect(rows()).toBe(1)
    sqlite().exec('drop table scratch')
  })
})

if (DIALECTS.includes('postgres')) {
  describe('a full disk [postgres]: SQLSTATE 53100 disk_full', () => {
    let t: TestApp
    let ana: TestUser
    const admin = async (query: string) => {
      const client = new pg.Client({ connectionString: PG_URL })
      await client.connect()
      try {
        await client.query(`set search_path = ${pgSchema}`)
        await client.query(query)
      } finally {
        await client.end()
      }
    }
    let pgSchema = ''

    beforeAll(async () => {
      t = await messagingApp('postgres')
      ana = await signUp(t)
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(
        t.ctx.db,
      )
      pgSchema = rows[0]!.schema
    })
    afterAll(async () => {
      await t?.close()
    })

    // No cheap way to fill a PostgreSQL server's disk from a test: the server itself raises
    // the disk_full SQLSTATE (as it does when it cannot extend a file), through the real driver.
    it('answers 503 storage_full for a write PostgreSQL refuses with disk_full, then recovers', async () => {
      await admin(`
        create function refuse_disk_full() returns trigger language plpgsql as $$
        begin raise exception 'could not extend file: No space left on device' using errcode = 'disk_full'; end $$;
        create trigger boards_disk_full before insert on boards
          for each row execute function refuse_disk_full();`)
      const res = await ana.call({ method: 'POST', url: '/v5/boards', payload: { name: 'full' } })
      expectStorageFull(res)
      const list = await ana.call({ method: 'GET', url: '/v5/boards' })
      expect(list.statusCode).toBe(200)
      expect(list.json().items).toEqual([])

      await admin('drop trigger boards_disk_full on boards')
      const ok = await ana.call({ method: 'POST', url: '/v5/boards', payload: { name: 'full' } })
      expect(ok.statusCode).toBe(201)
    })
  })
}

describe('a full disk under a media write: ENOSPC', () => {
  it('answers 503 storage_full and logs it once, as storage full', async () => {
    const lines: { msg: string; level: number }[] = []
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line))
        done()
      },
    })
    const app = Fastify({
      loggerInstance: pino({ level: 'info' }, stream) as FastifyBaseLogger,
    })
    installErrorHandler(app)
    // /dev/full answers every write with ENOSPC, as a full disk does
    app.post('/upload', async () => {
      const file = await open('/dev/full', 'w')
      try {
        await file.writeFile(Buffer.alloc(64 * 1024))
      } finally {
        await file.close()
      }
      return { ok: true }
    })
    await app.ready()
    const res = await app.inject({ method: 'POST', url: '/upload' })
    expectStorageFull(res)
    await app.close()
    const errors = lines.filter((l) => l.level >= 50)
    expect(errors.map((l) => l.msg)).toEqual(['storage full'])
  })
})
