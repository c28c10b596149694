import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { up as migration023 } from '../../server/db/migrations/023-search-facts'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import { createPin, makeBoard } from './pin-fixtures'

/**
 * PostgreSQL ranks a search window from `search_facts` (migration 023), a copy of what ranking
 * needs of each indexed pin, kept by triggers: after every kind of write through the API — a
 * pin created, liked and unliked, saved (the original's save count), edited, moved to a secret
 * board and back, its board made secret, deleted — the copy is exactly `pins` joined with
 * `search_docs`, row for row. And the migration builds the same copy from existing data.
 */
describe.runIf(DIALECTS.includes('postgres'))('search facts [postgres]', () => {
  let t: TestApp
  let ana: TestUser
  let bea: TestUser
  let anaBoard: string
  let anaSecret: string
  let beaBoard: string
  const pins: string[] = []

  beforeAll(async () => {
    t = await createTestApp('postgres')
    ana = await signUp(t, 'facts_ana')
    bea = await signUp(t, 'facts_bea')
    anaBoard = await makeBoard(t, ana)
    anaSecret = await makeBoard(t, ana, 'SECRET')
    beaBoard = await makeBoard(t, bea)
  })
  afterAll(() => t?.close())

  const copy = async () =>
    (
      await sql<Record<string, unknown>>`select pin_id, owner_id, secret, save_count, like_count,
        created_at, parent_pin_id, tokens from search_facts order by pin_id`.execute(t.ctx.db)
    ).rows
  const truth = async () =>
    (
      await sql<Record<string, unknown>>`select d.pin_id, p.owner_id, p.secret, p.save_count,
        p.like_count, p.created_at, p.parent_pin_id, d.tokens
        from search_docs d join pins p on p.id = d.pin_id order by d.pin_id`.execute(t.ctx.db)
    ).rows
  const call = async (
    who: TestUser,
    method: 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => {
    const res = await callAs(t, who, { method, url, ...(payload ? { payload } : {}) })
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300)
    return res
  }
  const expectInStep = async (after: string) => {
    const want = await truth()
    expect(want.length, after).toBeGreaterThan(0)
    expect(await copy(), after).toEqual(want)
  }

  it('follows every write that changes what ranking reads', async () => {
    for (const title of ['alpine tent', 'kayak lantern', 'quokka stove']) {
      pins.push((await createPin(t, ana, anaBoard, { title })).id)
    }
    await expectInStep('pins created')

    await call(bea, 'POST', `/v5/pins/${pins[0]}/like`)
    await expectInStep('liked')
    await call(bea, 'DELETE', `/v5/pins/${pins[0]}/like`)
    await expectInStep('unliked')

    const saved = await call(bea, 'POST', `/v5/pins/${pins[1]}/save`, { board_id: beaBoard })
    pins.push((saved.json() as { id: string }).id)
    await expectInStep('saved (a new pin, and the original counts a save)')

    await call(ana, 'PATCH', `/v5/pins/${pins[2]}`, { title: 'quokka canoe', description: 'lake' })
    await expectInStep('edited')

    await call(ana, 'PATCH', `/v5/pins/${pins[2]}`, { board_id: anaSecret })
    await expectInStep('moved to a secret board')
    await call(ana, 'PATCH', `/v5/pins/${pins[2]}`, { board_id: anaBoard })
    await expectInStep('moved back')

    await call(ana, 'PATCH', `/v5/boards/${anaBoard}`, { privacy: 'SECRET' })
    await expectInStep('board made secret')
    await call(ana, 'PATCH', `/v5/boards/${anaBoard}`, { privacy: 'PUBLIC', name: 'Lakes' })
    await expectInStep('board public again, renamed')

    await call(ana, 'DELETE', `/v5/pins/${pins[0]}`)
    await expectInStep('deleted')
    const gone = await sql`select 1 from search_facts where pin_id = ${Number(pins[0])}`.execute(
      t.ctx.db,
    )
    expect(gone.rows).toEqual([])
  })

  it('is built from existing pins by the migration', async () => {
    const kept = await copy()
    await sql`drop table search_facts`.execute(t.ctx.db)
    for (const name of [
      'search_facts_from_docs',
      'search_facts_unindexed',
      'search_facts_from_pins',
    ]) {
      await sql`drop function ${sql.id(name)} cascade`.execute(t.ctx.db)
    }
    await migration023(t.ctx.db as never, 'postgres')
    expect(await copy()).toEqual(kept)
    // and keeps it from then on
    await call(bea, 'POST', `/v5/pins/${pins[1]}/like`)
    await expectInStep('liked after the migration ran again')
  })
})
