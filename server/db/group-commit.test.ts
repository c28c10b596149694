import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTransaction, openDatabase, type DbHandle } from './database'
import { migrate } from './migrate'
import { userRow } from './test-rows'

/** SQLite's transactions asked for in one turn share a commit, each in its own savepoint. */
describe('inTransaction on SQLite (group commit)', () => {
  let handle: DbHandle
  beforeAll(async () => {
    handle = openDatabase({ dialect: 'sqlite', sqlitePath: ':memory:' })
    await migrate(handle.db, 'sqlite')
  })
  afterAll(() => handle.close())

  const addUser = (name: string) =>
    inTransaction(handle.db, async ({ trx, afterCommit }) => {
      const row = await trx
        .insertInto('users')
        .values(userRow(name))
        .returning('id')
        .executeTakeFirstOrThrow()
      const committed: string[] = []
      afterCommit(async () => {
        // the hook sees the committed row, from outside the transaction
        const seen = await handle.db
          .selectFrom('users')
          .select('username')
          .where('username', '=', name)
          .execute()
        committed.push(...seen.map((r) => r.username))
      })
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
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected'])
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('refused bad_bo'))
    expect(String((results[3] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/)
    expect(await names()).toEqual(['ana', 'cy'])
    const ana = (results[0] as PromiseFulfilledResult<{ committed: string[] }>).value
    expect(ana.committed).toEqual(['ana'])
  })

  it('alone, a failure rolls back and answers its own error', async () => {
    await expect(addUser('bad_dan')).rejects.toThrow('refused bad_dan')
    expect(await names()).toEqual(['ana', 'cy'])
  })

  it('what arrives while a batch commits goes in the next one, in order', async () => {
    const first = addUser('eve')
    await new Promise((resolve) => setImmediate(resolve))
    const later = [addUser('fay'), addUser('gus')]
    const ids = [await first, ...(await Promise.all(later))].map((r) => r.id)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(await names()).toEqual(['ana', 'cy', 'eve', 'fay', 'gus'])
  })
})
