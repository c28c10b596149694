import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createRng,
  insertCorpus,
  madeUpWords,
  zipf,
  type CorpusPin,
} from '../../server/demo/search-corpus'
import { stems, STOP_WORDS } from '../../server/domain/search/analyzer'
import { rebuildSearchIndex } from '../../server/domain/search/indexer'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'

/**
 * Guide quality on a generated corpus: made-up words by Zipf's law as background, "tent" and
 * "soup" pins with planted sub-themes, and the theme words sprinkled thinly elsewhere too.
 */
function corpus(): CorpusPin[] {
  const rng = createRng('guides')
  const words = madeUpWords(400, rng)
  const draw = zipf(words.length, rng)
  const filler = (n: number) => Array.from({ length: n }, () => words[draw()]).join(' ')
  const pins: CorpusPin[] = []
  const sprinkle = (p: number, word: string) => (rng.next() < p ? ` ${word}` : '')
  for (let i = 0; i < 2000; i++) {
    pins.push({
      title: filler(4),
      description:
        filler(8) +
        sprinkle(0.03, 'family') +
        sprinkle(0.02, 'vegan') +
        sprinkle(0.02, 'season') +
        sprinkle(0.005, 'ultralight') +
        sprinkle(0.01, 'the'),
    })
  }
  const themed = (head: string, themes: string[], each: number) => {
    for (const theme of [...themes, '']) {
      for (let i = 0; i < each; i++) {
        pins.push({
          title: `${rng.next() < 0.5 ? `${theme} ${head}` : `${head} ${filler(1)} ${theme}`} ${filler(2)}`,
          description: `${filler(6)} with the ${head}`,
        })
      }
    }
  }
  themed('tent', ['ultralight', 'family', '4 season'], 50)
  themed('soup', ['vegan', 'ramen'], 50)
  // shuffled, so that themes do not sit in runs of ids
  for (let i = pins.length - 1; i > 0; i--) {
    const j = rng.int(0, i)
    ;[pins[i], pins[j]] = [pins[j]!, pins[i]!]
  }
  return pins
}

/**
 * Kayak pins: a third of them about camping — a word common elsewhere too — and two with a
 * phrase no other pin holds ("orange paddle"). Over a big collection, significance alone
 * would put the rare phrase first; a guide covering a real share of the results ranks above.
 */
function kayakCorpus(): CorpusPin[] {
  // the same made-up words as corpus(): the background of the whole collection
  const words = madeUpWords(400, createRng('guides'))
  const rng = createRng('kayaks')
  const draw = zipf(words.length, rng)
  const filler = (n: number) => Array.from({ length: n }, () => words[draw()]).join(' ')
  const pins: CorpusPin[] = []
  for (let i = 0; i < 400; i++) {
    pins.push({ title: filler(4), description: `${filler(6)}${i % 2 === 0 ? ' camping' : ''}` })
  }
  for (let i = 0; i < 60; i++) {
    const theme = i % 3 === 0 ? 'camping' : i === 1 || i === 2 ? 'orange paddle' : ''
    pins.push({ title: `kayak ${filler(2)} ${theme}`, description: filler(6) })
  }
  return pins
}

interface Page {
  items: { id: string }[]
  guides: { term: string; count: number }[]
}

for (const dialect of DIALECTS) {
  describe(`search guides [${dialect}]`, () => {
    let t: TestApp
    beforeAll(async () => {
      t = await createTestApp(dialect)
      await insertCorpus(t.ctx.db, corpus())
      await insertCorpus(t.ctx.db, kayakCorpus())
      await rebuildSearchIndex(t.ctx.db)
    }, 120_000)
    afterAll(() => t.close())

    const search = async (query: string, guides: string[] = []) => {
      const q = `query=${encodeURIComponent(query)}&page_size=250${guides.length ? `&guides=${encodeURIComponent(guides.join(','))}` : ''}`
      const res = await t.app.inject({ url: `/v5/search/pins?${q}` })
      expect(res.statusCode, res.body).toBe(200)
      return res.json() as Page
    }

    /** The checks every list of guides must pass, whatever the query. */
    async function checkGuides(query: string, chosen: string[], page: Page) {
      const excluded = new Set([...stems(query), ...chosen.flatMap((g) => stems(g))])
      const sets: Set<string>[] = []
      for (const g of page.guides) {
        expect(STOP_WORDS.has(g.term), g.term).toBe(false)
        for (const s of stems(g.term))
          expect(excluded.has(s), `${g.term} repeats the query`).toBe(false)
        expect(g.count).toBeGreaterThan(0)
        const refined = await search(query, [...chosen, g.term])
        expect(refined.items.length, g.term).toBeGreaterThan(0)
        sets.push(new Set(refined.items.map((p) => p.id)))
      }
      // no guide is a near-duplicate of a higher one: their pins differ
      sets.forEach((a, i) =>
        sets.slice(0, i).forEach((b, j) => {
          const both = [...a].filter((id) => b.has(id)).length
          const jaccard = both / (a.size + b.size - both)
          expect(jaccard, `${page.guides[i]!.term} ~ ${page.guides[j]!.term}`).toBeLessThanOrEqual(
            0.6,
          )
        }),
      )
    }

    it('offers the planted sub-themes of "tent" in its top 5 guides', async () => {
      const page = await search('tent')
      const top = page.guides.slice(0, 5).map((g) => g.term)
      expect(top).toEqual(expect.arrayContaining(['ultralight', 'family', '4 season']))
      await checkGuides('tent', [], page)
    })

    it('offers the planted sub-themes of "soup" in its top 5 guides', async () => {
      const page = await search('soups')
      const top = page.guides.slice(0, 5).map((g) => g.term)
      expect(top).toEqual(expect.arrayContaining(['vegan', 'ramen']))
      await checkGuides('soups', [], page)
    })

    it('ranks a guide covering a real share above a phrase found in two pins', async () => {
      const page = await search('kayak')
      const terms = page.guides.map((g) => g.term)
      expect(terms.slice(0, 3)).toContain('camping')
      const rare = terms.findIndex((t) => /orange|paddle/.test(t))
      if (rare >= 0) expect(rare).toBeGreaterThan(terms.indexOf('camping'))
      expect(page.guides.find((g) => g.term === 'camping')?.count).toBe(20)
      await checkGuides('kayak', [], page)
    })

    it('a chosen guide filters the results and yields new guides', async () => {
      const all = await search('tent')
      const refined = await search('tent', ['ultralight'])
      expect(all.items.length).toBe(200)
      expect(refined.items.length).toBe(50)
      const ids = new Set(all.items.map((p) => p.id))
      expect(refined.items.every((p) => ids.has(p.id))).toBe(true)
      expect(refined.guides.map((g) => g.term)).not.toContain('ultralight')
      await checkGuides('tent', ['ultralight'], refined)
      // a phrase guide filters by the phrase
      expect((await search('tent', ['4 season'])).items.length).toBe(50)
    })
  })
}
