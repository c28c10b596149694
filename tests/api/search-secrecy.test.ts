import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRng, insertCorpus, madeUpWords, zipf } from '../../server/demo/search-corpus'
import { sql } from 'kysely'
import { decodeTokens, storedTerms } from '../../server/domain/search/analyzer'
import {
  countPublicPinsOnly,
  DOC_COUNT_TERM,
  HIDDEN_COUNT_TERM,
  rebuildSearchIndex,
} from '../../server/domain/search/indexer'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import { createPin } from './pin-fixtures'

/**
 * Search tells a stranger nothing about someone else's secret pins: every answer a stranger
 * (and an anonymous visitor) gets — the pins and their order, the bookmarks, the guides with
 * their counts, whether the last word is taken as a beginning or as a whole word, board search
 * — is byte for byte the same before and after a secret pin is created with a rare word,
 * edited to gain and lose words, deleted, its board made public and secret again, and after
 * enough secret pins to fill a whole ranking window. Each answer is asked of the running
 * server and of a restarted one (nothing cached).
 *
 * The public pins are twenty years old, so that their freshness (which halves every 30 days)
 * no longer moves their scores while the test runs: a bookmark carries a score.
 */

/** Public pins: a Zipf background of made-up words, and themes the queries below look for. */
function publicCorpus() {
  const rng = createRng('search-secrecy')
  const words = madeUpWords(300, rng)
  const draw = zipf(words.length, rng)
  const filler = (n: number) => Array.from({ length: n }, () => words[draw()]).join(' ')
  const pins: { title: string; description: string }[] = []
  for (let i = 0; i < 300; i++) pins.push({ title: filler(3), description: filler(7) })
  const themes = ['alpine', 'lantern', 'kayak', 'family', 'ultralight']
  for (let i = 0; i < 60; i++) {
    const theme = themes[i % themes.length]!
    pins.push(
      i % 3 === 0
        ? { title: `tent tent ${theme} ${filler(1)}`, description: `${filler(4)} stove` }
        : i % 3 === 1
          ? { title: `stove stove ${filler(1)}`, description: `${theme} tent ${filler(4)}` }
          : { title: `${theme} tent ${filler(2)}`, description: `${filler(5)} ${theme}` },
    )
  }
  for (let i = 0; i < 6; i++) {
    pins.push({ title: `quokkaland zoo ${filler(2)}`, description: `${filler(5)} alpine` })
  }
  for (let i = pins.length - 1; i > 0; i--) {
    const j = rng.int(0, i)
    ;[pins[i], pins[j]] = [pins[j]!, pins[i]!]
  }
  return pins
}

/**
 * Null when both lists of answers are the same bytes; else the first answer that differs, in
 * short (ids, bookmark, guides), so that a failure reads at a glance.
 */
function difference(got: string[], want: string[]): string | null {
  if (got.length !== want.length) return `${got.length} answers instead of ${want.length}`
  const i = got.findIndex((g, k) => g !== want[k])
  if (i < 0) return null
  const brief = (answer: string) => {
    const at = answer.indexOf(' {')
    const body = JSON.parse(answer.slice(at + 1)) as {
      items: { id: string }[]
      bookmark: string | null
      guides?: unknown
    }
    return JSON.stringify({
      ids: body.items.map((p) => p.id),
      bookmark: body.bookmark,
      guides: body.guides,
    })
  }
  const url = want[i]!.slice(0, want[i]!.indexOf(' {'))
  return `${url}\n  was ${brief(want[i]!)}\n  now ${brief(got[i]!)}`
}

for (const dialect of DIALECTS) {
  describe(`search tells nothing about secret pins [${dialect}]`, () => {
    let t: TestApp
    let stranger: TestUser
    let sam: TestUser
    let samBoard: string
    /** the answers before any secret pin of Sam's existed */
    let original: string[]
    let guide: string

    const get = async (who: TestUser | null, url: string) => {
      const res = await callAs(t, who, { method: 'GET', url })
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200)
      return res.body
    }

    /** Every answer, pages followed to the end, as text. */
    async function answers(who: TestUser | null): Promise<string[]> {
      const out: string[] = []
      const pins = async (query: string, extra = '') => {
        let bookmark: string | null = null
        do {
          const url: string = `/v5/search/pins?query=${encodeURIComponent(query)}&page_size=12${extra}${
            bookmark ? `&bookmark=${encodeURIComponent(bookmark)}` : ''
          }`
          const body = await get(who, url)
          out.push(`${url} ${body}`)
          bookmark = (JSON.parse(body) as { bookmark: string | null }).bookmark
        } while (bookmark)
      }
      await pins('tent')
      await pins('tent stove')
      await pins('stove tent ')
      await pins('quokka')
      await pins('alp')
      await pins('lantern')
      await pins('tent', `&guides=${encodeURIComponent(guide)}`)
      for (const q of ['quokka', 'tent', 'den']) {
        const url = `/v5/search/boards?query=${q}`
        out.push(`${url} ${await get(who, url)}`)
      }
      return out
    }

    const both = async () => [...(await answers(stranger)), ...(await answers(null))]

    /** The answers of the running server and of a restarted one. */
    async function now() {
      const live = await both()
      t = await t.reopen()
      const fresh = await both()
      return { live, fresh }
    }

    async function expectOriginal(step: string) {
      const { live, fresh } = await now()
      expect(difference(live, original), `${step} (running server)`).toBeNull()
      expect(difference(fresh, original), `${step} (restarted server)`).toBeNull()
    }

    const patch = async (url: string, payload: Record<string, unknown>) => {
      const res = await callAs(t, sam, { method: 'PATCH', url, payload })
      expect(res.statusCode, res.body).toBe(200)
    }

    const samsTitles = async (query: string) =>
      (
        JSON.parse(
          await get(sam, `/v5/search/pins?query=${encodeURIComponent(query)}&page_size=250`),
        ) as { items: { title: string }[] }
      ).items.map((p) => p.title)

    beforeAll(async () => {
      t = await createTestApp(dialect)
      await insertCorpus(t.ctx.db, publicCorpus(), {
        createdFrom: Date.parse('2006-01-01T00:00:00Z'),
        spanMs: 86_400_000,
      })
      await rebuildSearchIndex(t.ctx.db)
      stranger = await signUp(t, `stranger_${dialect}`)
      sam = await signUp(t, `sam_${dialect}`)
      t = await t.reopen()
      const first = JSON.parse(await get(stranger, '/v5/search/pins?query=tent')) as {
        guides: { term: string }[]
      }
      expect(first.guides.length).toBeGreaterThan(1)
      guide = first.guides[1]!.term
      original = await both()
      await expectOriginal('asked again')
      // "quokka" is the beginning of a public word only: taken as a beginning, it finds those
      const quokka = original.find((a) => a.startsWith('/v5/search/pins?query=quokka&'))
      expect(quokka).toContain('quokkaland zoo')
    }, 120_000)
    afterAll(() => t.close())

    it('a secret board and pin created, edited, deleted, made public and secret again', async () => {
      let res = await callAs(t, sam, {
        method: 'POST',
        url: '/v5/boards',
        payload: { name: 'Quokka den', privacy: 'SECRET', description: 'tent lantern' },
      })
      expect(res.statusCode, res.body).toBe(201)
      samBoard = res.json().id as string
      await expectOriginal('secret board created')

      const pin = await createPin(t, sam, samBoard, {
        title: 'Quokka tent tent tent',
        description: 'zyxwvut lantern stove alpine tent',
      })
      // still found by its owner, by a word no public pin has (and what the owner asks first
      // leaves nothing for others: guides are cached per query for everyone)
      t = await t.reopen()
      expect(await samsTitles('zyxwvut')).toEqual(['Quokka tent tent tent'])
      expect(await samsTitles('quokka')).toContain('Quokka tent tent tent')
      expect(await samsTitles('tent')).toContain('Quokka tent tent tent')
      await expectOriginal('secret pin created')

      await patch(`/v5/pins/${pin.id}`, {
        title: 'Stove stove kayak',
        description: 'lantern lantern family quokka',
      })
      await expectOriginal('pin edited')
      await patch(`/v5/pins/${pin.id}`, { title: 'Alpine alpine', description: 'ultralight' })
      await expectOriginal('pin edited again')

      // public, the board's words count (its name is part of its pins' text)
      await patch(`/v5/boards/${samBoard}`, { privacy: 'PUBLIC' })
      const shown = await now()
      expect(difference(shown.fresh, original)).not.toBeNull()
      await patch(`/v5/boards/${samBoard}`, { privacy: 'SECRET' })
      await expectOriginal('board public then secret')

      res = await callAs(t, sam, { method: 'DELETE', url: `/v5/pins/${pin.id}` })
      expect(res.statusCode, res.body).toBe(204)
      await expectOriginal('pin deleted')

      await createPin(t, sam, samBoard, { title: 'Quokka stove', description: 'zyxwvut tent' })
      await expectOriginal('second pin created')
      res = await callAs(t, sam, { method: 'DELETE', url: `/v5/boards/${samBoard}` })
      expect(res.statusCode, res.body).toBe(204)
      await expectOriginal('board deleted')
    }, 180_000)

    it('secret pins enough to fill a ranking window push no public pin out of it', async () => {
      let res = await callAs(t, sam, {
        method: 'POST',
        url: '/v5/boards',
        payload: { name: 'Hoard', privacy: 'SECRET' },
      })
      expect(res.statusCode, res.body).toBe(201)
      const board = Number(res.json().id)
      const media = await t.ctx.db
        .selectFrom('pins')
        .select('media_key')
        .limit(1)
        .executeTakeFirstOrThrow()
      const at = new Date().toISOString()
      await t.ctx.db
        .insertInto('pins')
        .values(
          Array.from({ length: 520 }, (_, i) => ({
            owner_id: Number(sam.id),
            board_id: board,
            board_section_id: null,
            secret: 1,
            title: `tent stove lantern ${i}`,
            description: 'quokka alpine kayak',
            link: null,
            alt_text: null,
            media_key: media.media_key,
            parent_pin_id: null,
            source_domain: null,
            save_count: 0,
            like_count: 0,
            click_count: 0,
            created_at: at,
          })),
        )
        .execute()
      await rebuildSearchIndex(t.ctx.db)
      // their owner finds them, asking first on a restarted server (a window of his own pins,
      // and guides worked out for everyone)
      t = await t.reopen()
      expect((await samsTitles('tent')).length).toBe(250)
      expect((await samsTitles('lantern')).length).toBe(250)
      await expectOriginal('520 secret pins')

      res = await callAs(t, sam, { method: 'DELETE', url: `/v5/boards/${board}` })
      expect(res.statusCode, res.body).toBe(204)
      await expectOriginal('their board deleted')
    }, 180_000)

    it('migration 009 takes out of the statistics the secret pins counted before it', async () => {
      const res = await callAs(t, sam, {
        method: 'POST',
        url: '/v5/boards',
        payload: { name: 'Quokka nook', privacy: 'SECRET' },
      })
      expect(res.statusCode, res.body).toBe(201)
      const board = res.json().id as string
      await createPin(t, sam, board, { title: 'Quokka tent', description: 'zyxwvut stove' })
      await createPin(t, sam, board, { title: 'Lantern quokka', description: 'tent tent' })
      const db = t.ctx.db
      const statistics = async () =>
        Object.fromEntries(
          (
            await db
              .selectFrom('search_terms')
              .select(['term', 'df'])
              .where('df', '!=', 0)
              .where('term', '!=', HIDDEN_COUNT_TERM)
              .execute()
          ).map((r) => [r.term, Number(r.df)]),
        )
      const publicOnly = await statistics()
      expect(publicOnly['zyxwvut']).toBeUndefined()

      // as the indexer before 009 left them: every pin counted, secret or not
      const secret = await db
        .selectFrom('search_docs as d')
        .innerJoin('pins as p', 'p.id', 'd.pin_id')
        .select(['d.pin_id', 'd.tokens'])
        .where('p.secret', '=', 1)
        .execute()
      expect(secret.length).toBe(2)
      for (const doc of secret) {
        for (const term of [DOC_COUNT_TERM, ...storedTerms(decodeTokens(doc.tokens))]) {
          await db
            .insertInto('search_terms')
            .values({ term, df: 1, display: term })
            .onConflict((oc) => oc.column('term').doUpdateSet({ df: sql`search_terms.df + 1` }))
            .execute()
        }
        await db
          .updateTable('search_docs')
          .set({ counted: 1 })
          .where('pin_id', '=', doc.pin_id)
          .execute()
      }
      expect((await statistics())['zyxwvut']).toBe(1)

      await db.transaction().execute((trx) => countPublicPinsOnly(trx))
      expect(await statistics()).toEqual(publicOnly)
      await expectOriginal('migrated')
    }, 120_000)
  })
}
