import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import { block, createPin, follow } from './pin-fixtures'

interface SearchPage {
  items: { id: string; title: string }[]
  bookmark: string | null
  guides: { term: string; count: number }[]
}

for (const dialect of DIALECTS) {
  describe(`search [${dialect}]`, () => {
    let t: TestApp
    let ana: TestUser
    let bo: TestUser
    let cy: TestUser
    let anaBoard: string
    let anaSecret: string
    let boBoard: string

    const board = async (owner: TestUser, name: string, privacy = 'PUBLIC', description = '') => {
      const res = await callAs(t, owner, {
        method: 'POST',
        url: '/v5/boards',
        payload: { name, privacy, description },
      })
      expect(res.statusCode).toBe(201)
      return res.json().id as string
    }
    const pins = async (who: TestUser | null, query: string, extra = '') => {
      const url = `/v5/search/pins?query=${encodeURIComponent(query)}${extra}`
      const res = who ? await callAs(t, who, { method: 'GET', url }) : await t.app.inject({ url })
      expect(res.statusCode, res.body).toBe(200)
      return res.json() as SearchPage
    }
    const titles = (page: SearchPage) => page.items.map((p) => p.title).sort()

    beforeAll(async () => {
      t = await createTestApp(dialect)
      ana = await signUp(t, `ana_${dialect}`)
      bo = await signUp(t, `bo_${dialect}`)
      cy = await signUp(t, `cy_${dialect}`)
      anaBoard = await board(ana, 'Camping trips')
      anaSecret = await board(ana, 'Surprise party', 'SECRET')
      boBoard = await board(bo, 'Kitchen')
      await createPin(t, ana, anaBoard, {
        title: 'Ultralight tents for long hikes',
        description: 'A tent that weighs nothing',
      })
      await createPin(t, ana, anaSecret, { title: 'Secret tent for the party' })
      await createPin(t, bo, boBoard, {
        title: 'Ramen soup tonight',
        description: 'Vegan broth, miso',
        link: 'https://www.seriouseats.com/ramen',
      })
    })
    afterAll(() => t.close())

    it('finds pins by title, description, board name and source domain, with stemming', async () => {
      expect(titles(await pins(null, 'tent'))).toEqual(['Ultralight tents for long hikes'])
      expect(titles(await pins(null, 'weighs'))).toEqual(['Ultralight tents for long hikes'])
      expect(titles(await pins(null, 'camping'))).toEqual(['Ultralight tents for long hikes'])
      expect(titles(await pins(null, 'seriouseats'))).toEqual(['Ramen soup tonight'])
      expect(titles(await pins(null, 'hiking'))).toEqual(['Ultralight tents for long hikes'])
      // every word must match; stop words do not count
      expect(titles(await pins(null, 'the ramen and the soup'))).toEqual(['Ramen soup tonight'])
      expect((await pins(null, 'ramen tent')).items).toEqual([])
      // the last word may be a beginning
      expect(titles(await pins(null, 'ultral'))).toEqual(['Ultralight tents for long hikes'])
    })

    it('never shows a secret pin to anyone but its owner', async () => {
      expect(titles(await pins(null, 'tent'))).not.toContain('Secret tent for the party')
      expect(titles(await pins(bo, 'tent'))).not.toContain('Secret tent for the party')
      expect(titles(await pins(ana, 'tent'))).toContain('Secret tent for the party')
      expect((await pins(bo, 'party')).items).toEqual([])
    })

    it('a board turning secret takes its pins out of public results at once', async () => {
      const tripBoard = await board(cy, 'Trips')
      await createPin(t, cy, tripBoard, { title: 'Fjord kayak route' })
      expect(titles(await pins(bo, 'fjord'))).toEqual(['Fjord kayak route'])
      const res = await callAs(t, cy, {
        method: 'PATCH',
        url: `/v5/boards/${tripBoard}`,
        payload: { privacy: 'SECRET' },
      })
      expect(res.statusCode).toBe(200)
      expect((await pins(bo, 'fjord')).items).toEqual([])
      expect(titles(await pins(cy, 'fjord'))).toEqual(['Fjord kayak route'])
    })

    it('leaves out the pins of people with a block either way, and them from people search', async () => {
      const dee = await signUp(t, `dee_${dialect}`)
      const deeBoard = await board(dee, 'Gardens')
      await createPin(t, dee, deeBoard, { title: 'Zinnia garden borders' })
      expect(titles(await pins(cy, 'zinnia'))).toEqual(['Zinnia garden borders'])
      const people = async (who: TestUser, q: string) =>
        (await callAs(t, who, { method: 'GET', url: `/v5/search/users?query=${q}` })).json()
          .items as {
          username: string
        }[]
      expect((await people(cy, `dee_${dialect}`)).map((u) => u.username)).toContain(
        `dee_${dialect}`,
      )
      await block(t, dee, cy)
      expect((await pins(cy, 'zinnia')).items).toEqual([])
      expect((await people(cy, `dee_${dialect}`)).map((u) => u.username)).not.toContain(
        `dee_${dialect}`,
      )
      // the other way round too
      expect((await pins(dee, 'ramen')).items.length).toBe(1)
      await block(t, dee, bo)
      expect((await pins(dee, 'ramen')).items).toEqual([])
    })

    it('shows edits and deletes at once', async () => {
      const pin = await createPin(t, bo, boBoard, { title: 'Sourdough starter' })
      expect(titles(await pins(null, 'sourdough'))).toEqual(['Sourdough starter'])
      let res = await callAs(t, bo, {
        method: 'PATCH',
        url: `/v5/pins/${pin.id}`,
        payload: { title: 'Focaccia dimples' },
      })
      expect(res.statusCode).toBe(200)
      expect((await pins(null, 'sourdough')).items).toEqual([])
      expect(titles(await pins(null, 'focaccia'))).toEqual(['Focaccia dimples'])
      res = await callAs(t, bo, { method: 'DELETE', url: `/v5/pins/${pin.id}` })
      expect(res.statusCode).toBe(204)
      expect((await pins(null, 'focaccia')).items).toEqual([])
    })

    it('a renamed board renames what its pins are found by', async () => {
      const b = await board(cy, 'Woodwork')
      await createPin(t, cy, b, { title: 'Dovetail joint' })
      expect(titles(await pins(null, 'woodwork'))).toEqual(['Dovetail joint'])
      const res = await callAs(t, cy, {
        method: 'PATCH',
        url: `/v5/boards/${b}`,
        payload: { name: 'Joinery' },
      })
      expect(res.statusCode).toBe(200)
      expect((await pins(null, 'woodwork')).items).toEqual([])
      expect(titles(await pins(null, 'joinery'))).toEqual(['Dovetail joint'])
      const boards = await t.app.inject({ url: '/v5/search/boards?query=joinery' })
      expect(boards.json().items.map((x: { name: string }) => x.name)).toEqual(['Joinery'])
    })

    it('shows a pin and the saves of it once', async () => {
      const pin = await createPin(t, bo, boBoard, { title: 'Quince jam' })
      const cyBoard = await board(cy, 'Preserves')
      const saved = await callAs(t, cy, {
        method: 'POST',
        url: `/v5/pins/${pin.id}/save`,
        payload: { board_id: cyBoard },
      })
      expect(saved.statusCode).toBe(201)
      const found = await pins(null, 'quince')
      expect(found.items).toHaveLength(1)
      expect([pin.id, saved.json().id]).toContain(found.items[0]!.id)
    })

    it('pages through every match once, without duplicates', async () => {
      const b = await board(cy, 'Lamps')
      const made = new Set<string>()
      for (let i = 0; i < 23; i++) {
        const p = await createPin(t, cy, b, { title: `Paper lamp number ${i}` })
        made.add(p.id)
        if (i % 4 === 0) {
          await callAs(t, ana, { method: 'POST', url: `/v5/pins/${p.id}/like` })
        }
      }
      const seen: string[] = []
      let bookmark: string | null = null
      let pages = 0
      do {
        const page: SearchPage = await pins(
          bo,
          'paper lamp',
          `&page_size=5${bookmark ? `&bookmark=${bookmark}` : ''}`,
        )
        seen.push(...page.items.map((p) => p.id))
        if (pages > 0) expect(page.guides).toEqual([])
        bookmark = page.bookmark
        pages++
      } while (bookmark && pages < 20)
      expect(pages).toBe(5)
      expect(new Set(seen).size).toBe(seen.length)
      expect(new Set(seen)).toEqual(made)
    })

    it('answers 400 for a missing or overlong query and a bad bookmark', async () => {
      for (const url of [
        '/v5/search/pins',
        '/v5/search/pins?query=',
        `/v5/search/pins?query=${'a'.repeat(201)}`,
        '/v5/search/pins?query=tent&bookmark=nonsense',
        '/v5/search/pins?query=tent&guides=a,b,c,d,e,f',
        '/v5/search/users?query=',
      ]) {
        const res = await t.app.inject({ url })
        expect(res.statusCode, url).toBe(400)
        expect(res.json()).toMatchObject({ code: 400 })
      }
    })

    it('the typeahead of people you may message forgives typos and never shows a blocked person', async () => {
      const eve = await signUp(t, `evangeline_${dialect}`)
      const fay = await signUp(t, `fay_${dialect}`)
      await follow(t, eve, fay)
      await follow(t, fay, eve)
      const typeahead = async (q: string) =>
        (await callAs(t, fay, { method: 'GET', url: `/v5/search/typeahead?query=${q}` }))
          .json()
          .items.map((u: { username: string }) => u.username) as string[]
      expect(await typeahead('evang')).toEqual([`evangeline_${dialect}`])
      expect(await typeahead('evangaline')).toEqual([`evangeline_${dialect}`])
      await block(t, eve, fay)
      expect(await typeahead('evang')).toEqual([])
      expect(await typeahead('evangaline')).toEqual([])
    })

    it('forgives a typo in a person’s name', async () => {
      await signUp(t, `margarita_${dialect}`)
      const res = await t.app.inject({ url: `/v5/search/users?query=margerita` })
      expect(res.json().items.map((u: { username: string }) => u.username)).toContain(
        `margarita_${dialect}`,
      )
    })
  })
}
