import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'
import { conversationOf, HIGH_LIMITS, mutual, sent } from './messaging-fixtures'

const WRITES = 60
const READERS = 6

/**
 * A catch-up page is what one moment of the conversation holds: a gapless run of positions.
 * Messages and events (here: edits) are written while readers page from the start; no page
 * may hold an event past a message it lacks. (Read as two queries on two pooled connections,
 * a page could take its messages before a send committed and its events after a later edit:
 * the live socket then skipped that message, its cursor past it.)
 */
for (const dialect of DIALECTS) {
  describe(`stream positions under concurrent writes [${dialect}]`, () => {
    let t: TestApp
    let ana: TestUser, ben: TestUser

    beforeAll(async () => {
      t = await createTestApp(dialect, {}, { overrides: { messaging: { limits: HIGH_LIMITS } } })
      ;[ana, ben] = [await signUp(t), await signUp(t)]
      await mutual(t, ana, ben)
    })
    afterAll(() => t.close())

    it('every page is a gapless run of seqs, whatever commits while it is read', async () => {
      const conv = await conversationOf(ana, ben)
      const first = await sent(ana, conv, 'first')
      const { positionsAfter } = t.ctx.services.messaging.stream
      let writing = true
      const gaps: string[] = []
      let pages = 0

      const writer = (async () => {
        try {
          for (let i = 0; i < WRITES; i++) {
            const edit = ana.call({
              method: 'PATCH',
              url: `/v5/messages/${first.id}`,
              payload: { text: `first, take ${i}` },
            })
            const [res] = await Promise.all([edit, sent(ben, conv, `reply ${i}`)])
            expect(res.statusCode).toBe(200)
          }
        } finally {
          // the readers stop with the writer, even when a write fails
          writing = false
        }
      })()
      const reader = async () => {
        while (writing) {
          const seqs = (await positionsAfter(Number(ben.id), Number(conv), 0, 1000)).map(
            (p) => p.seq,
          )
          pages++
          const gapless = seqs.every((seq, i) => seq === i + 1)
          if (!gapless) gaps.push(seqs.join(','))
          // leave the writers their turn (SQLite: one connection for all)
          await new Promise((r) => setTimeout(r, 1))
        }
      }
      await Promise.all([writer, ...Array.from({ length: READERS }, reader)])

      expect(pages).toBeGreaterThan(READERS)
      expect(gaps).toEqual([])
      // and at the end, everything: the first message, each reply and each edit
      const all = await positionsAfter(Number(ben.id), Number(conv), 0, 1000)
      expect(all.map((p) => p.seq)).toEqual(Array.from({ length: 1 + 2 * WRITES }, (_, i) => i + 1))
      expect(all.filter((p) => p.event)).toHaveLength(WRITES)
    }, 60_000)
  })
}
