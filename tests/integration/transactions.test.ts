import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTransaction, type DbHandle } from '../../server/db/database'
import { isUniqueViolation } from '../../server/db/dialect'
import { userRow } from '../../server/db/test-rows'
import { DIALECTS } from '../support/dialects'
import { openMigratedDatabase } from '../support/migrated-database'

/**
 * The transaction engine's guarantees, the same on both dialects: SQLite batches the
 * transactions asked for in one turn into one commit (each unit in a savepoint), PostgreSQL
 * runs each in a transaction of its own; either way a unit fails alone, and its after-commit
 * hooks run once it has committed, never after a rollback.
 */
describe.each(DIALECTS)('inTransaction [%s]', (dialect) => {
  let handle: DbHandle
  beforeAll(async () => {
    handle = await openMigratedDatabase(dialect, 'transactions', 4)
  })
  afterAll(() => handle.close())

  const hooksRun: string[] = []
  const addUser = (name: string, hook?: () => Promise<void>) =>
    inTransaction(handle.db, async ({ trx, afterCommit }) => {
      const row = await trx
        .insertInto('users')
        .values(userRow(name))
        .returning('id')
        .executeTakeFirstOrThrow()
      const committed: string[] = []
      afterCommit(async () => {
        hooksRun.push(name)
        // the hook sees the committed row, from outside the transaction
        const seen = await handle.db
          .selectFrom('users')
          .select('username')
          .where('username', '=', name)
          .execute()
        committed.push(...seen.map((r) => r.username))
      })
      if (hook) afterCommit(hook)
      if (name.startsWith('bad')) throw new Error(`refused ${name}`)
      return { id: Number(row.id), committed }
    })

  const names = async () =>
    (await handle.db.selectFrom('users').select('username').orderBy('username').execute()).map(
      (r) => r.username,
    )

  it('one that fails rolls back alone and fails alone; the others commit', async () => {
    const results = await Promise.allSettled([
      addUser('ana'),
      addUser('bad_bo'),
      addUser('cy'),
      addUser('ana'), // unique violation: fails with the database's own error
    ])
    // Which 'ana' is first is the database's to decide: on PostgreSQL they run on two
    // connections at once, and the later one to ask may get its insert in first.
    const [first, refused, cy, second] = results
    expect([refused!.status, cy!.status]).toEqual(['rejected', 'fulfilled'])
    expect((refused as PromiseRejectedResult).reason).toEqual(new Error('refused bad_bo'))
    const anas = [first!, second!]
    expect(anas.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const lost = anas.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(isUniqueViolation(lost.reason)).toBe(true)
    expect(await names()).toEqual(['ana', 'cy'])
    const ana = anas.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{
      committed: string[]
    }>
    expect(ana.value.committed).toEqual(['ana'])
  })

  it('runs hooks only after a commit, never after a rollback', async () => {
    hooksRun.length = 0
    await expect(addUser('bad_dan')).rejects.toThrow('refused bad_dan')
    await addUser('dee')
    expect(hooksRun).toEqual(['dee'])
    expect(await names()).toEqual(['ana', 'cy', 'dee'])
  })

  it("a hook's failure fails its caller, but what was written stays committed", async () => {
    await expect(
      addUser('eli', async () => {
        throw new Error('hook failed')
      }),
    ).rejects.toThrow('hook failed')
    expect(await names()).toContain('eli')
    // the engine goes on: the next transaction commits
    await addUser('fox')
    expect(await names()).toContain('fox')
  })

  it('a hook may ask for a transaction of its own', async () => {
    let inner: { id: number } | undefined
    await addUser('gil', async () => {
      inner = await addUser('gil_inner')
    })
    expect(inner?.id).toBeGreaterThan(0)
    expect(await names()).toEqual(expect.arrayContaining(['gil', 'gil_inner']))
  })

  it('what arrives while a transaction commits goes in too (after it, in order, on SQLite)', async () => {
    const first = addUser('hal')
    await new Promise((resolve) => setImmediate(resolve))
    const later = [addUser('ivy'), addUser('jon')]
    const ids = [await first, ...(await Promise.all(later))].map((r) => r.id)
    expect(new Set(ids).size).toBe(3)
    expect(await names()).toEqual(expect.arrayContaining(['hal', 'ivy', 'jon']))
    // SQLite queues them behind the committing batch; PostgreSQL runs each on a connection of
    // its own, so there the sequence hands out ids in whichever order the inserts reach it
    if (dialect === 'sqlite') expect(ids).toEqual([...ids].sort((a, b) => a - b))
  })
})
