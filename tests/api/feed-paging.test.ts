import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nowIso } from '../../server/db/database'
import { createRng } from '../../server/demo/prng'
import { writeNetworksAfter } from '../../server/domain/feed/timeline'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import { createPin, follow, makeBoard } from './pin-fixtures'

interface Card {
  id: string
  saved_by: { users: { username: string }[]; count: number }
}

/**
 * The home feed's cards page exactly: every card once, newest activity first, at every page
 * size, past the part of a network kept in memory (256 pins) — and no card twice while new
 * saves arrive between two pages.
 */
for (const dialect of DIALECTS) {
  describe(`home feed cards page exactly [${dialect}]`, () => {
    let t: TestApp
    let reader: TestUser
    let mo: TestUser
    let nia: TestUser
    let niaBoard: string

    beforeAll(async () => {
      t = await createTestApp(dialect)
      ;[reader, mo, nia] = [await signUp(t), await signUp(t), await signUp(t)]
      const moBoard = await makeBoard(t, mo)
      niaBoard = await makeBoard(t, nia)
      await follow(t, reader, mo)
      await follow(t, reader, nia)
      // 300 pins written straight in: Mo's originals, and Nia's saves of earlier pins (chains
      // too), then their networks as a seed writes them.
      const first = await createPin(t, mo, moBoard)
      const media = await t.ctx.db
        .selectFrom('pins')
        .select('media_key')
        .where('id', '=', Number(first.id))
        .executeTakeFirstOrThrow()
      const rng = createRng(`feed-paging-${dialect}`)
      const ids: number[] = [Number(first.id)]
      await t.ctx.db.transaction().execute(async (trx) => {
        for (let k = 0; k < 300; k++) {
          const saves = k > 5 && rng.chance(0.45)
          const parent = saves ? ids[rng.int(0, ids.length - 1)]! : null
          const row = await trx
            .insertInto('pins')
            .values({
              owner_id: Number(saves ? nia.id : mo.id),
              board_id: Number(saves ? niaBoard : moBoard),
              board_section_id: null,
              secret: 0,
              title: `pin ${k}`,
              description: '',
              link: null,
              alt_text: null,
              media_key: media.media_key,
              parent_pin_id: parent,
              root_pin_id: null,
              source_domain: null,
              save_count: 0,
              like_count: 0,
              click_count: 0,
              created_at: nowIso(),
            })
            .returning('id')
            .executeTakeFirstOrThrow()
          ids.push(Number(row.id))
        }
        await writeNetworksAfter(trx, Number(first.id))
      })
    })
    afterAll(() => t.close())

    /** The reader's cards by definition: network pins grouped by original, newest first. */
    async function expected() {
      const { rows } = await sql<{ pin_id: number; root: number; owner_id: number }>`
        select fi.pin_id, coalesce(p.root_pin_id, p.id) as root, p.owner_id
        from feed_items fi join pins p on p.id = fi.pin_id
        where fi.user_id = ${Number(reader.id)}`.execute(t.ctx.db)
      const cards = new Map<number, { activity: number; owners: Set<number> }>()
      for (const r of rows) {
        const card = cards.get(Number(r.root)) ?? { activity: 0, owners: new Set<number>() }
        card.activity = Math.max(card.activity, Number(r.pin_id))
        card.owners.add(Number(r.owner_id))
        cards.set(Number(r.root), card)
      }
      return [...cards.entries()]
        .sort((a, b) => b[1].activity - a[1].activity)
        .map(([root, c]) => ({ id: String(root), count: c.owners.size }))
    }

    async function page(size: number, bookmark: string | null) {
      const qs = `page_size=${size}${bookmark ? `&bookmark=${bookmark}` : ''}`
      const res = await callAs(t, reader, { method: 'GET', url: `/v5/feed?${qs}` })
      expect(res.statusCode).toBe(200)
      const body = res.json() as { items: Card[]; bookmark: string | null }
      if (body.bookmark) expect(body.items.length).toBe(size)
      return body
    }

    async function walk(size: number, between?: (page: number) => Promise<void>) {
      const cards: Card[] = []
      let bookmark: string | null = null
      let n = 0
      do {
        const body = await page(size, bookmark)
        cards.push(...body.items)
        bookmark = body.bookmark
        await between?.(++n)
      } while (bookmark)
      return cards
    }

    it('serves every card once, newest activity first, with its savers, at every page size', async () => {
      const want = await expected()
      const network = await sql<{ n: number }>`select count(*) as n from feed_items
        where user_id = ${Number(reader.id)}`.execute(t.ctx.db)
      expect(Number(network.rows[0]!.n)).toBeGreaterThan(256)
      expect(want.length).toBeLessThan(Number(network.rows[0]!.n))
      for (const size of [1, 7, 25, 100]) {
        const cards = await walk(size)
        expect(
          cards.map((c) => ({ id: c.id, count: c.saved_by.count })),
          `page_size ${size}`,
        ).toEqual(want)
      }
    }, 60_000)

    it('never serves a card twice while new saves arrive between pages', async () => {
      const before = await expected()
      const deep = before.slice(-3).map((c) => c.id)
      const save = async (pinId: string) => {
        const res = await callAs(t, nia, {
          method: 'POST',
          url: `/v5/pins/${pinId}/save`,
          // a board of its own: a board already holding a save of the pin would take none
          payload: { board_id: await makeBoard(t, nia) },
        })
        expect(res.statusCode, res.body).toBe(201)
      }
      const seen: string[] = []
      const cards = await walk(10, async (n) => {
        if (n === 1) {
          seen.push(...before.slice(0, 10).map((c) => c.id))
          await save(before[0]!.id) // a card already served
          await save(deep[0]!) // one not served yet: it moves above the bookmark
        }
        if (n === 5) await save(deep[1]!)
      })
      const ids = cards.map((c) => c.id)
      expect(new Set(ids).size).toBe(ids.length)
      // everything else came, in its order; the two cards lifted before their turn did not
      const skipped = new Set([deep[0]!, deep[1]!])
      expect(ids).toEqual(before.map((c) => c.id).filter((id) => !skipped.has(id)))
      expect(ids.slice(0, 10)).toEqual(seen)
      // read again from the top: the cards saved last come first, each once
      const fresh = (await walk(25)).map((c) => c.id)
      expect(fresh.slice(0, 3)).toEqual([deep[1]!, deep[0]!, before[0]!.id])
      expect(new Set(fresh).size).toBe(fresh.length)
      expect(fresh.length).toBe(before.length)
    }, 60_000)
  })
}
