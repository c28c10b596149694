import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Pin } from '../../protocol/api'
import { DIALECTS } from '../support/dialects'
import type { TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import { conversationOf, messagingApp, mutual, recordEvents, send } from './messaging-fixtures'
import { createPin, follow, makeBoard } from './pin-fixtures'
import { createOwnSaves, savesAmong } from '../../server/domain/pins/saves'

/** Saved state: a pin tells its viewer where they have it; a board holds a pin once. */
for (const dialect of DIALECTS) {
  describe(`pins: saved state [${dialect}]`, () => {
    let t: TestApp
    let ana: TestUser, bo: TestUser, cy: TestUser
    let anaBoard: string, boBoard: string, boOther: string, cyBoard: string

    beforeAll(async () => {
      t = await messagingApp(dialect)
      ;[ana, bo, cy] = [await signUp(t), await signUp(t), await signUp(t)]
      anaBoard = await makeBoard(t, ana)
      boBoard = await makeBoard(t, bo)
      boOther = await makeBoard(t, bo)
      cyBoard = await makeBoard(t, cy)
    })
    afterAll(() => t.close())

    const get = async (user: TestUser | null, url: string) => {
      const res = await callAs(t, user, { method: 'GET', url })
      expect(res.statusCode, url).toBe(200)
      return res.json()
    }
    const pinAs = (user: TestUser | null, id: string): Promise<Pin> => get(user, `/v5/pins/${id}`)
    const save = (user: TestUser, pinId: string, boardId: string, extra = {}) =>
      callAs(t, user, {
        method: 'POST',
        url: `/v5/pins/${pinId}/save`,
        payload: { board_id: boardId, ...extra },
      })
    const boardName = async (id: string) =>
      (
        await t.ctx.db.selectFrom('boards').select('name').where('id', '=', Number(id)).execute()
      )[0]!.name
    const pinsOn = async (boardId: string) =>
      (
        await t.ctx.db
          .selectFrom('pins')
          .select('id')
          .where('board_id', '=', Number(boardId))
          .orderBy('id')
          .execute()
      ).map((r) => String(r.id))
    const saveCount = async (id: string) => Number((await pinAs(null, id)).save_count)

    it('a pin tells its viewer where they have it, on the pin, a board, a profile, search and the feed', async () => {
      const title = `lantern ${dialect} ${Date.now().toString(36)}`
      const origin = await createPin(t, ana, anaBoard, { title })
      expect(await pinAs(bo, origin.id)).toMatchObject({ is_saved: false, saved_to: [] })
      expect(await pinAs(null, origin.id)).toMatchObject({ is_saved: false, saved_to: [] })
      // the maker has it on her board
      expect(await pinAs(ana, origin.id)).toMatchObject({
        is_saved: true,
        saved_to: [
          { board_id: anaBoard, board_name: await boardName(anaBoard), pin_id: origin.id },
        ],
      })

      const res = await save(bo, origin.id, boBoard)
      expect(res.statusCode).toBe(201)
      const copy = res.json() as Pin
      const mine = { board_id: boBoard, board_name: await boardName(boBoard), pin_id: copy.id }
      expect(copy).toMatchObject({ is_owner: true, is_saved: true, saved_to: [mine] })
      for (const id of [origin.id, copy.id]) {
        expect(await pinAs(bo, id)).toMatchObject({ is_saved: true, saved_to: [mine] })
      }
      // others' view of the same pin is their own
      expect(await pinAs(cy, origin.id)).toMatchObject({ is_saved: false, saved_to: [] })
      expect(await pinAs(null, copy.id)).toMatchObject({ is_saved: false, saved_to: [] })

      // a save of a save is a save of the original
      const cyRes = await save(cy, copy.id, cyBoard)
      expect(cyRes.statusCode).toBe(201)
      const cyCopy = cyRes.json() as Pin
      const root = await t.ctx.db
        .selectFrom('pins')
        .select('root_pin_id')
        .where('id', '=', Number(cyCopy.id))
        .executeTakeFirstOrThrow()
      expect(String(root.root_pin_id)).toBe(origin.id)
      expect(await pinAs(cy, origin.id)).toMatchObject({
        is_saved: true,
        saved_to: [{ board_id: cyBoard, pin_id: cyCopy.id }],
      })

      // a second board: both, oldest first
      const again = await save(bo, origin.id, boOther)
      expect(again.statusCode).toBe(201)
      const other = {
        board_id: boOther,
        board_name: await boardName(boOther),
        pin_id: again.json().id,
      }
      expect((await pinAs(bo, origin.id)).saved_to).toEqual([mine, other])

      // every list of pins says so too (search may show any pin of the original)
      await follow(t, bo, ana)
      const ours = new Set([origin.id, copy.id, cyCopy.id, other.pin_id])
      const find = (body: { items: Pin[] }) => body.items.find((p) => ours.has(p.id))
      for (const url of [
        `/v5/boards/${anaBoard}/pins`,
        `/v5/users/${ana.username}/pins`,
        `/v5/search/pins?query=${encodeURIComponent(title)}`,
        '/v5/feed',
      ]) {
        expect(find(await get(bo, url)), url).toMatchObject({
          is_saved: true,
          saved_to: [mine, other],
        })
      }
      expect(find(await get(null, `/v5/boards/${anaBoard}/pins`))).toMatchObject({
        is_saved: false,
        saved_to: [],
      })
    })

    it('saving into a board that holds the pin or its original changes nothing: 200, the pin there', async () => {
      const origin = await createPin(t, ana, anaBoard)
      const board = await makeBoard(t, bo)
      const first = await save(bo, origin.id, board)
      expect(first.statusCode).toBe(201)
      const held = first.json().id as string
      const cyCopy = (await save(cy, origin.id, cyBoard)).json().id as string
      const before = { pins: await pinsOn(board), count: await saveCount(origin.id) }
      const { events, stop } = recordEvents(t)
      // the same pin, bo's own copy of it, and someone else's save of the same original
      for (const id of [origin.id, held, cyCopy]) {
        const res = await save(bo, id, board)
        expect(res.statusCode, id).toBe(200)
        expect(res.json()).toMatchObject({ id: held, board_id: board, is_saved: true })
      }
      stop()
      expect(events.filter((e) => e.type === 'pin.updated')).toEqual([])
      expect(await pinsOn(board)).toEqual(before.pins)
      expect(await saveCount(origin.id)).toBe(before.count)
      expect(await saveCount(cyCopy)).toBe(0)
      // the maker saving her own pin into the board it is on
      const own = await save(ana, origin.id, anaBoard)
      expect(own.statusCode).toBe(200)
      expect(own.json().id).toBe(origin.id)
      // another board is another save
      expect((await save(bo, origin.id, boOther)).statusCode).toBe(201)
    })

    it('concurrent saves into one board make one pin and count once', async () => {
      const origin = await createPin(t, ana, anaBoard)
      const earlier = (await save(cy, origin.id, cyBoard)).json().id as string
      const board = await makeBoard(t, bo)
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => save(bo, i % 3 === 2 ? earlier : origin.id, board)),
      )
      const statuses = results.map((r) => r.statusCode).sort()
      expect(statuses.filter((s) => s === 201)).toHaveLength(1)
      expect(statuses.filter((s) => s === 200)).toHaveLength(11)
      const ids = new Set(results.map((r) => r.json().id as string))
      expect(ids.size).toBe(1)
      expect(await pinsOn(board)).toEqual([...ids])
      // one save counted, on whichever pin it was made from
      expect((await saveCount(origin.id)) - 1 + (await saveCount(earlier))).toBe(1)
    })

    it('saved_to follows renames, moves and deletes of the saves', async () => {
      const origin = await createPin(t, ana, anaBoard)
      const board = await makeBoard(t, bo)
      const copy = (await save(bo, origin.id, board)).json().id as string
      const rename = await callAs(t, bo, {
        method: 'PATCH',
        url: `/v5/boards/${board}`,
        payload: { name: `renamed ${dialect} ${copy}` },
      })
      expect(rename.statusCode).toBe(200)
      expect((await pinAs(bo, origin.id)).saved_to).toEqual([
        { board_id: board, board_name: `renamed ${dialect} ${copy}`, pin_id: copy },
      ])
      const moved = await callAs(t, bo, {
        method: 'PATCH',
        url: `/v5/pins/${copy}`,
        payload: { board_id: boOther },
      })
      expect(moved.statusCode).toBe(200)
      expect((await pinAs(bo, origin.id)).saved_to).toEqual([
        { board_id: boOther, board_name: await boardName(boOther), pin_id: copy },
      ])
      const gone = await callAs(t, bo, { method: 'DELETE', url: `/v5/pins/${copy}` })
      expect(gone.statusCode).toBe(204)
      expect(await pinAs(bo, origin.id)).toMatchObject({ is_saved: false, saved_to: [] })
      // a board deleted takes its saves with it
      const doomed = await makeBoard(t, bo)
      await save(bo, origin.id, doomed)
      expect((await pinAs(bo, origin.id)).is_saved).toBe(true)
      const del = await callAs(t, bo, { method: 'DELETE', url: `/v5/boards/${doomed}` })
      expect(del.statusCode).toBe(204)
      expect(await pinAs(bo, origin.id)).toMatchObject({ is_saved: false, saved_to: [] })
    })

    it("a message's pin card carries the reader's saved state", async () => {
      const [dee, eve] = [await signUp(t), await signUp(t)]
      await mutual(t, dee, eve)
      const origin = await createPin(t, dee, await makeBoard(t, dee))
      const conv = await conversationOf(dee, eve)
      const sent = await send(dee, conv, { attachment: { type: 'pin', id: origin.id } })
      expect(sent.statusCode).toBe(201)
      const card = async () => {
        const body = await get(eve, `/v5/conversations/${conv}/messages?page_size=5`)
        const message = body.items.find((m: { id: string }) => m.id === sent.json().id)
        return message.attachment.pin as Pin
      }
      expect(await card()).toMatchObject({ is_saved: false, saved_to: [] })
      const board = await makeBoard(t, eve)
      const res = await save(eve, origin.id, board, { message_id: sent.json().id })
      expect(res.statusCode).toBe(201)
      expect(await card()).toMatchObject({
        is_saved: true,
        saved_to: [{ board_id: board, pin_id: res.json().id }],
      })
      // saved again from the card into the same board: nothing changes, no second card action
      expect((await save(eve, origin.id, board, { message_id: sent.json().id })).statusCode).toBe(
        200,
      )
      const actions = await t.ctx.db
        .selectFrom('message_actions')
        .select('action')
        .where('message_id', '=', Number(sent.json().id))
        .execute()
      expect(actions.map((a) => a.action)).toEqual(['save'])
    })

    it('the per-page lookup (a reader with too many pins to keep) finds what the kept saves do', async () => {
      const origin = await createPin(t, ana, anaBoard)
      const other = await createPin(t, ana, anaBoard)
      const first = (await save(bo, origin.id, boBoard)).json().id as string
      const second = (await save(bo, first, boOther)).json().id as string
      const own = await createPin(t, bo, boBoard)
      const keys = [origin.id, other.id, own.id].map(Number)
      const kept = (await createOwnSaves(t.ctx.db)(Number(bo.id)))!
      const looked = await savesAmong(t.ctx.db, Number(bo.id), keys)
      expect([...looked.keys()].sort()).toEqual([Number(origin.id), Number(own.id)].sort())
      for (const key of keys) expect(looked.get(key)).toEqual(kept.get(key))
      expect(looked.get(Number(origin.id))!.map((s) => s.pin_id)).toEqual([first, second])
    })

    it('the original is filled on insert by every writer, and backfilled by the migration', async () => {
      const origin = await createPin(t, ana, anaBoard)
      const copy = (await save(bo, origin.id, boBoard)).json().id as string
      const { up } = await import('../../server/db/migrations/013-saved-pins')
      const roots = () =>
        t.ctx.db
          .selectFrom('pins')
          .select(['id', 'root_pin_id'])
          .where('id', 'in', [Number(origin.id), Number(copy)])
          .orderBy('id')
          .execute()
      const expected = [
        { id: Number(origin.id), root_pin_id: null },
        { id: Number(copy), root_pin_id: Number(origin.id) },
      ]
      const asNumbers = (rows: { id: number; root_pin_id: number | null }[]) =>
        rows.map((r) => ({
          id: Number(r.id),
          root_pin_id: r.root_pin_id === null ? null : Number(r.root_pin_id),
        }))
      expect(asNumbers(await roots())).toEqual(expected)
      await t.ctx.db
        .updateTable('pins')
        .set({ root_pin_id: null })
        .where('id', '=', Number(copy))
        .execute()
      await up(t.ctx.db as never, dialect)
      expect(asNumbers(await roots())).toEqual(expected)
    })
  })
}
