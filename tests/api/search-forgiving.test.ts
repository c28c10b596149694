import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import { createPin } from './pin-fixtures'

/**
 * Search that forgives (issue 14, item 7): a misspelt query is corrected against the words of
 * public pins ("tnet" → results for "tent", `corrected_query`), the typeahead completes the
 * word being typed ("ten" → "tent", never "ten spring"), and no guide narrows to a single
 * result (an original pin and its saves are one result).
 */

interface SearchPage {
  items: { id: string; title: string }[]
  bookmark: string | null
  guides: { term: string; count: number }[]
  corrected_query: string | null
}

interface Completions {
  items: { query: string; word: string | null; guide: string | null }[]
}

const TENTS = {
  ultralight: 'Ultralight tent for long hikes',
  rooms: 'Family tent with three rooms',
  twoPerson: 'Two person tents for camping',
  familyBeach: 'Family beach tent',
  shade: 'Beach tent with sun shade',
  footprint: 'Tent footprint from tyvek',
  zigzag: 'Tent with zigzag poles',
}
const OTHERS = [
  'Ten minute breakfast',
  'Ten minute stretches',
  'Ten stretches for runners',
  'Tennis court picnic',
  'Rent a cabin by the lake',
  'Tomato soup for cold days',
  'Lentil soup with lemon',
]
const sorted = (titles: string[]) => [...titles].sort()

for (const dialect of DIALECTS) {
  describe(`search that forgives [${dialect}]`, () => {
    let t: TestApp
    let ana: TestUser

    const board = async (owner: TestUser, name: string, privacy = 'PUBLIC') => {
      const res = await callAs(t, owner, {
        method: 'POST',
        url: '/v5/boards',
        payload: { name, privacy },
      })
      expect(res.statusCode, res.body).toBe(201)
      return res.json().id as string
    }
    const get = async <T>(who: TestUser | null, url: string) => {
      const res = who ? await callAs(t, who, { method: 'GET', url }) : await t.app.inject({ url })
      expect(res.statusCode, `${url} → ${res.body}`).toBe(200)
      return res.json() as T
    }
    const pins = (who: TestUser | null, query: string, extra = '') =>
      get<SearchPage>(who, `/v5/search/pins?query=${encodeURIComponent(query)}${extra}`)
    const complete = (query: string, extra = '') =>
      get<Completions>(null, `/v5/search/completions?query=${encodeURIComponent(query)}${extra}`)
    const titles = (page: SearchPage) => sorted(page.items.map((p) => p.title))

    beforeAll(async () => {
      t = await createTestApp(dialect)
      ana = await signUp(t, `ana_${dialect}`)
      const bo = await signUp(t, `bo_${dialect}`)
      const cy = await signUp(t, `cy_${dialect}`)
      const camping = await board(ana, 'Camping')
      const weekends = await board(ana, 'Weekends')
      const secret = await board(ana, 'Surprise', 'SECRET')
      const ids = new Map<string, string>()
      for (const title of Object.values(TENTS)) {
        ids.set(title, (await createPin(t, ana, camping, { title })).id)
      }
      for (const title of OTHERS) await createPin(t, ana, weekends, { title })
      await createPin(t, ana, secret, { title: 'Tenebrous zebra costume' })
      // the zigzag tent is saved twice: three pins, one result
      for (const saver of [bo, cy]) {
        const ideas = await board(saver, 'Ideas')
        const res = await callAs(t, saver, {
          method: 'POST',
          url: `/v5/pins/${ids.get(TENTS.zigzag)}/save`,
          payload: { board_id: ideas },
        })
        expect(res.statusCode, res.body).toBe(201)
      }
    }, 60_000)
    afterAll(() => t.close())

    it('answers the pins of "tent" for "tnet", and says so', async () => {
      const exact = await pins(null, 'tent')
      expect(exact.corrected_query).toBeNull()
      expect(titles(exact)).toEqual(sorted(Object.values(TENTS)))

      const typo = await pins(null, 'tnet')
      expect(typo.corrected_query).toBe('tent')
      expect(titles(typo)).toEqual(sorted(Object.values(TENTS)))
      expect(typo.guides.map((g) => g.term).sort()).toEqual(exact.guides.map((g) => g.term).sort())
      // as written, on request: nothing
      const asWritten = await pins(null, 'tnet', '&autocorrect=false')
      expect(asWritten.corrected_query).toBeNull()
      expect(asWritten.items).toEqual([])
      // a capital, signed in: the same
      expect((await pins(ana, 'Tnet')).corrected_query).toBe('tent')
    })

    it('corrects each misspelt word, keeps the others, and prefers the more frequent word', async () => {
      const two = await pins(null, 'ultralihgt tnet')
      expect(two.corrected_query).toBe('ultralight tent')
      expect(titles(two)).toEqual([TENTS.ultralight])
      // camping is right: only the tent is corrected
      expect((await pins(null, 'camping tnet')).corrected_query).toBe('camping tent')
      // "fent" is one letter from "tent" and from "rent": tent is in many more pins
      expect((await pins(null, 'fent')).corrected_query).toBe('tent')
      // two swaps in a long word no pin holds
      const far = await pins(null, 'ultarlihgt')
      expect(far.corrected_query).toBe('ultralight')
      expect(titles(far)).toEqual([TENTS.ultralight])
    })

    it('leaves alone a query that finds pins, and corrections that find nothing more', async () => {
      // "rent" is a word one pin holds: not a typo for the more frequent "tent"
      const rent = await pins(null, 'rent')
      expect(rent.corrected_query).toBeNull()
      expect(titles(rent)).toEqual(['Rent a cabin by the lake'])
      // rent and tomato are both rare; "tent tomato" would find nothing either
      const none = await pins(null, 'rent tomato')
      expect(none.corrected_query).toBeNull()
      expect(none.items).toEqual([])
      // a word no pin holds and nothing near it: no correction
      expect((await pins(null, 'qwxzv')).corrected_query).toBeNull()
    })

    it('never corrects towards a word only a secret pin holds', async () => {
      for (const who of [null, ana]) {
        const page = await pins(who, 'zebar')
        expect(page.corrected_query).toBeNull()
        expect(page.items).toEqual([])
      }
      // its owner still finds it by the right word, uncorrected
      const own = await pins(ana, 'zebra')
      expect(own.corrected_query).toBeNull()
      expect(titles(own)).toEqual(['Tenebrous zebra costume'])
    })

    it('pages through a corrected query, each result once', async () => {
      const seen: string[] = []
      let bookmark: string | null = null
      do {
        const page: SearchPage = await pins(
          null,
          'tnet',
          `&page_size=3${bookmark ? `&bookmark=${bookmark}` : ''}`,
        )
        expect(page.corrected_query).toBe('tent')
        seen.push(...page.items.map((p) => p.id))
        bookmark = page.bookmark
      } while (bookmark)
      expect(seen).toHaveLength(Object.keys(TENTS).length)
      expect(new Set(seen).size).toBe(seen.length)
    })

    it('completes the word being typed, never glues a guide to a part of a word', async () => {
      // "ten" is a word too (three pins, refinements of their own: minute, stretches), but
      // "tent" is in many more pins: it is being typed
      const ten = await complete('ten')
      expect(ten.items.map((i) => i.query)).toEqual(['tent', 'tents', 'tennis'])
      expect(ten.items.every((i) => i.guide === null && i.word === i.query)).toBe(true)
      // once it is a word, with a space after it, its refinements come
      const tenSpace = await complete('ten ')
      expect(tenSpace.items.map((i) => i.guide).sort()).toEqual(['minute', 'stretches'])
      // the words before are kept, and narrow what the last one may become
      const camping = await complete('Camping ten')
      expect(camping.items.map((i) => i.query)).toEqual(['Camping tent', 'Camping tents'])
      expect((await complete('ten', '&page_size=1')).items.map((i) => i.query)).toEqual(['tent'])
      // letters outside the BMP are whole letters
      expect((await complete('tent 😀𝕏𐍈')).items).toEqual([])
      // a secret pin's words are never suggested
      expect((await complete('tene')).items).toEqual([])
    })

    it('after a whole word, offers its refinements (not its other forms)', async () => {
      for (const query of ['tent', 'tent ']) {
        const page = await complete(query)
        expect(page.items.map((i) => i.query)).not.toContain('tents')
        const guides = page.items.filter((i) => i.guide !== null)
        expect(guides.map((i) => i.guide).sort()).toEqual(['beach', 'family'])
        expect(guides.every((i) => i.query === 'tent')).toBe(true)
      }
    })

    it('offers no guide that leaves a single result: saves of a pin are that pin', async () => {
      const page = await pins(null, 'tent')
      const terms = page.guides.map((g) => g.term)
      expect(terms).not.toContain('zigzag')
      expect(terms.length).toBeGreaterThan(0)
      for (const g of page.guides) {
        const refined = await pins(null, 'tent', `&guides=${encodeURIComponent(g.term)}`)
        expect(refined.items.length, g.term).toBeGreaterThanOrEqual(2)
        expect(g.count, g.term).toBeGreaterThanOrEqual(2)
      }
    })

    it('refuses an empty or overlong typeahead query', async () => {
      for (const query of ['', '   ', 'a'.repeat(201)]) {
        const res = await t.app.inject({
          url: `/v5/search/completions?query=${encodeURIComponent(query)}`,
        })
        expect(res.statusCode, query).toBe(400)
      }
    })
  })
}
