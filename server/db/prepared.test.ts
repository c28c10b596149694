import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from './database'
import { migrate } from './migrate'
import { preparedColumn, preparedQuery } from './prepared'
import { userRow } from './test-rows'

describe('preparedQuery', () => {
  const handle = openDatabase({ dialect: 'sqlite', sqlitePath: ':memory:' })
  afterAll(() => handle.close())

  it('compiles once and runs with each call’s arguments, constants kept', async () => {
    const { db } = handle
    await migrate(db, 'sqlite')
    for (const [i, name] of ['ana', 'bo', 'cy'].entries()) {
      await db
        .insertInto('users')
        .values(userRow(name, i === 2 ? 'BUSINESS' : 'PINNER'))
        .execute()
    }
    const byName = preparedQuery(db, 2, (name: string, minId: number) =>
      db
        .selectFrom('users')
        .select(['id', 'username'])
        .where('username', '=', name)
        .where('id', '>=', minId)
        .where('account_type', '=', 'PINNER')
        .where(sql<boolean>`1 = ${1}`),
    )
    expect(await byName('bo', 1)).toEqual([{ id: 2, username: 'bo' }])
    expect(await byName('ana', 1)).toEqual([{ id: 1, username: 'ana' }])
    expect(await byName('ana', 2)).toEqual([])
    expect(await byName('cy', 1)).toEqual([]) // the constant 'PINNER' still applies
  })

  it('preparedColumn answers the one column’s values, in order', async () => {
    const { db } = handle
    const ids = preparedColumn(db, 1, (minId: number) =>
      db.selectFrom('users').select('id').where('id', '>=', minId).orderBy('id', 'desc'),
    )
    expect(await ids(2)).toEqual([3, 2])
    expect(await ids(4)).toEqual([])
  })

  it('on SQLite, waits behind an open transaction rather than reading its uncommitted rows', async () => {
    const { db } = handle
    const byName = preparedQuery(db, 1, (name: string) =>
      db.selectFrom('users').select('username').where('username', '=', name),
    )
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let begun!: () => void
    const inside = new Promise<void>((resolve) => (begun = resolve))
    const writer = db.transaction().execute(async (trx) => {
      await trx.insertInto('users').values(userRow('dan')).execute()
      begun()
      await held
    })
    await inside
    let answered = false
    const read = byName('dan').then((rows) => ((answered = true), rows))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(answered).toBe(false)
    release()
    await writer
    expect(await read).toEqual([{ username: 'dan' }])
    expect(await byName('dan')).toEqual([{ username: 'dan' }])
  })
})
