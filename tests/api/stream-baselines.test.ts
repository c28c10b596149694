import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerEvent } from '../../protocol/messages'
import {
  BASELINES_KEPT,
  createStreamBaselines,
} from '../../server/domain/messaging/stream-baselines'
import { BASELINE_AFTER, decodeCursor } from '../../server/realtime/cursor'
import { DIALECTS } from '../support/dialects'
import { listenForStream, StreamClient } from '../support/stream-client'
import type { TestApp } from '../support/test-app'
import { type TestUser } from '../support/users'
import { friendsInConversation, messagingApp } from './messaging-fixtures'

/** 4,000 conversations: a whole cursor of them (~75 KB) would not even fit in a hello frame. */
const MANY = 4000

for (const dialect of DIALECTS) {
  describe(`stream cursors of someone in many conversations [${dialect}]`, () => {
    let t: TestApp
    let url: string
    let ana: TestUser
    let bo: TestUser
    let conversations: string[]

    const send = (id: string, text: string) =>
      ana.call({
        method: 'POST',
        url: `/v5/conversations/${id}/messages`,
        payload: { client_message_id: `c-${Math.random()}`, text },
      })
    const cursorOf = (u: TestUser, cursor: string) => decodeCursor(Number(u.id), cursor)!
    const cursors = (events: ServerEvent[]) =>
      events.flatMap((e) => ('cursor' in e && e.cursor ? [e.cursor] : []))

    beforeAll(async () => {
      t = await messagingApp(dialect)
      url = await listenForStream(t)
      ;({ ana, bo } = await friendsInConversation(t))
      // ana and bo in MANY groups, written straight into the database
      const now = new Date().toISOString()
      conversations = []
      await t.ctx.db.transaction().execute(async (trx) => {
        for (let from = 0; from < MANY; from += 500) {
          const rows = await trx
            .insertInto('conversations')
            .values(
              Array.from({ length: Math.min(500, MANY - from) }, (_, i) => ({
                is_group: 1,
                title: `g${from + i}`,
                pair_key: null,
                last_seq: 0,
                last_message_at: now,
                created_by: Number(ana.id),
                created_at: now,
              })),
            )
            .returning('id')
            .execute()
          await trx
            .insertInto('conversation_members')
            .values(
              rows.flatMap((r) =>
                [ana, bo].map((u) => ({
                  conversation_id: Number(r.id),
                  user_id: Number(u.id),
                  joined_seq: 0,
                  left_seq: null,
                  muted: 0,
                  last_read_seq: 0,
                  joined_at: now,
                })),
              ),
            )
            .execute()
          conversations.push(...rows.map((r) => String(r.id)))
        }
      })
    }, 60_000)
    afterAll(() => t.close())

    it('ready names a stored baseline; each frame carries only the conversations that moved', async () => {
      const b = await StreamClient.ready(url, bo.token)
      const ready = b.lastCursor()
      expect(ready.length).toBeLessThan(200)
      const start = cursorOf(bo, ready)
      expect(start.base).not.toBeNull()
      expect(start.state.size).toBe(0)
      for (const id of conversations.slice(0, 3))
        expect((await send(id, 'hi')).statusCode).toBe(201)
      await b.until(() => b.messages().length === 3)
      const last = cursorOf(bo, b.lastCursor())
      expect(last.base).toBe(start.base)
      expect([...last.state.keys()].map(String)).toEqual(conversations.slice(0, 3))
      b.close()
    })

    it('resumes exactly from such a cursor, on a socket of its own', async () => {
      const b = await StreamClient.ready(url, bo.token)
      const cursor = b.lastCursor()
      b.close()
      const away = [conversations[10]!, conversations[2000]!, conversations[MANY - 1]!]
      const sent = []
      for (const id of away) sent.push((await send(id, `while away ${id}`)).json().id)
      const back = await StreamClient.ready(url, bo.token, cursor)
      expect(back.events[0]!.type).not.toBe('resync_required')
      expect(back.messages().map((m) => m.id)).toEqual(sent)
      back.close()
    })

    it(`stores a new baseline once more than ${BASELINE_AFTER} conversations moved; resuming from it is exact`, async () => {
      const b = await StreamClient.ready(url, bo.token)
      const first = cursorOf(bo, b.lastCursor()).base
      const moved = conversations.slice(100, 100 + BASELINE_AFTER + 10)
      for (const id of moved) await send(id, 'news')
      await b.until(() => b.messages().length === moved.length)
      // the next frame names the new baseline (stored after the frame that passed the bound)
      await new Promise((r) => setTimeout(r, 300))
      await send(conversations[3000]!, 'one more')
      await b.until(() => b.messages().length === moved.length + 1)
      const now = cursorOf(bo, b.lastCursor())
      expect(now.base).not.toBe(first)
      expect(now.state.size).toBeLessThanOrEqual(BASELINE_AFTER)
      // no frame carried more than the bound and the few sent while the baseline was stored
      for (const c of cursors(b.events)) expect(c.length).toBeLessThan(2500)
      const cursor = b.lastCursor()
      b.close()
      const missed = (await send(conversations[150]!, 'while away')).json().id
      const back = await StreamClient.ready(url, bo.token, cursor)
      expect(back.messages().map((m) => m.id)).toEqual([missed])
      back.close()
    })

    it('a cursor naming another person’s baseline, or one not stored, resyncs', async () => {
      const a = await StreamClient.ready(url, ana.token)
      const anas = cursorOf(ana, a.lastCursor()).base!
      a.close()
      const forged = (base: number) =>
        Buffer.from(JSON.stringify({ u: Number(bo.id), b: base, c: {} })).toString('base64url')
      for (const base of [anas, 2 ** 40]) {
        const b = await StreamClient.ready(url, bo.token, forged(base))
        expect(b.events[0]!.type).toBe('resync_required')
        expect(cursorOf(bo, b.lastCursor()).base).not.toBeNull()
        b.close()
      }
    })

    it(`keeps a person’s newest ${BASELINES_KEPT} baselines, and only theirs`, async () => {
      const baselines = createStreamBaselines(t.ctx.db)
      const seqs = new Map([[Number(conversations[0]), 3]])
      const ids = []
      for (let i = 0; i < BASELINES_KEPT + 5; i++)
        ids.push(await baselines.save(Number(bo.id), seqs))
      const loaded = await Promise.all(ids.map((id) => baselines.load(Number(bo.id), id)))
      expect(loaded.slice(0, 5)).toEqual([null, null, null, null, null])
      for (const l of loaded.slice(5)) expect(l).toEqual(seqs)
      expect(await baselines.load(Number(ana.id), ids[ids.length - 1]!)).toBeNull()
    })
  })
}
