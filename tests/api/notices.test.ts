import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { listenForStream, StreamClient } from '../support/stream-client'
import { createTestApp, type TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'
import { notices } from './moderation-fixtures'

for (const dialect of DIALECTS) {
  describe(`notices [${dialect}]`, () => {
    let t: TestApp
    let url: string
    let ana: TestUser
    let bo: TestUser

    const tell = (
      u: TestUser,
      body: Parameters<TestApp['ctx']['services']['notices']['create']>[1],
    ) => t.ctx.services.notices.create(Number(u.id), body)

    beforeAll(async () => {
      t = await createTestApp(dialect)
      url = await listenForStream(t)
      ana = await signUp(t)
      bo = await signUp(t)
    })
    afterAll(() => t.close())

    it('lists the person’s own notices newest first, with the unread count; others see none of them', async () => {
      expect(await notices(ana)).toEqual({ items: [], bookmark: null, unread: 0 })
      await tell(ana, { kind: 'warning', note: 'first' })
      await tell(ana, {
        kind: 'report_outcome',
        report: { id: '7', target: { type: 'pin', id: '9' }, reason: 'spam', outcome: 'removed' },
      })
      await tell(ana, {
        kind: 'export_ready',
        export_id: '3',
        expires_at: '2030-01-01T00:00:00.000Z',
      })
      const list = await notices(ana)
      expect(list.unread).toBe(3)
      expect(list.items.map((n) => n.kind)).toEqual(['export_ready', 'report_outcome', 'warning'])
      expect(list.items[0]).toEqual({
        id: expect.any(String),
        created_at: expect.any(String),
        read_at: null,
        kind: 'export_ready',
        export_id: '3',
        expires_at: '2030-01-01T00:00:00.000Z',
      })
      expect(list.items[1]).toMatchObject({
        kind: 'report_outcome',
        report: { id: '7', target: { type: 'pin', id: '9' }, reason: 'spam', outcome: 'removed' },
      })
      expect(list.items[2]).toMatchObject({ kind: 'warning', note: 'first' })
      expect(await notices(bo)).toEqual({ items: [], bookmark: null, unread: 0 })
      // pages
      const first = await ana.call({ method: 'GET', url: '/v5/user_account/notices?page_size=2' })
      expect(first.json().items).toHaveLength(2)
      expect(first.json().unread).toBe(3)
      const next = await ana.call({
        method: 'GET',
        url: `/v5/user_account/notices?page_size=2&bookmark=${first.json().bookmark}`,
      })
      expect(next.json()).toMatchObject({ items: [{ kind: 'warning' }], bookmark: null, unread: 3 })
    })

    it('marks read up to an id: 204, those at or below it read, newer ones not; another’s untouched', async () => {
      await tell(bo, { kind: 'warning', note: 'for bo' })
      const list = await notices(ana)
      const middle = list.items[1]!.id as string
      const res = await ana.call({
        method: 'POST',
        url: '/v5/user_account/notices/read',
        payload: { up_to_id: middle },
      })
      expect(res.statusCode).toBe(204)
      const after = await notices(ana)
      expect(after.unread).toBe(1)
      expect(after.items.map((n) => n.read_at === null)).toEqual([true, false, false])
      // bo's id in ana's request changes nothing of bo's
      const bos = await notices(bo)
      await ana.call({
        method: 'POST',
        url: '/v5/user_account/notices/read',
        payload: { up_to_id: bos.items[0]!.id },
      })
      expect((await notices(bo)).unread).toBe(1)
      // all of them
      await ana.call({
        method: 'POST',
        url: '/v5/user_account/notices/read',
        payload: { up_to_id: after.items[0]!.id },
      })
      expect((await notices(ana)).unread).toBe(0)
      const bad = await ana.call({
        method: 'POST',
        url: '/v5/user_account/notices/read',
        payload: { up_to_id: 'abc' },
      })
      expect(bad.statusCode).toBe(400)
    })

    it('notice.created goes live to that person’s sockets only (and only with user_accounts:read)', async () => {
      const anaLive = await StreamClient.ready(url, ana.token)
      const anaTab2 = await StreamClient.ready(url, ana.token)
      const boLive = await StreamClient.ready(url, bo.token)
      const narrow = await ana.call({
        method: 'POST',
        url: '/v5/user_account/tokens',
        payload: { name: 'messages only', scopes: ['messages:read'] },
      })
      const narrowLive = await StreamClient.ready(url, narrow.json().token)
      await tell(ana, { kind: 'warning', note: 'live one' })
      for (const s of [anaLive, anaTab2]) {
        await s.until((e) => e.some((x) => x.type === 'notice.created'))
        const frame = s.events.find((x) => x.type === 'notice.created')!
        expect(frame).toMatchObject({
          type: 'notice.created',
          notice: { kind: 'warning', note: 'live one', read_at: null },
        })
      }
      await new Promise((r) => setTimeout(r, 300))
      expect(boLive.events.some((x) => x.type === 'notice.created')).toBe(false)
      expect(narrowLive.events.some((x) => x.type === 'notice.created')).toBe(false)
      for (const s of [anaLive, anaTab2, boLive, narrowLive]) s.close()
    })

    it('a notice made inside a unit that rolls back is neither stored nor sent', async () => {
      const live = await StreamClient.ready(url, bo.token)
      const before = (await notices(bo)).items.length
      await expect(
        t.ctx.services.units.run(async (unit) => {
          await t.ctx.services.notices.create(Number(bo.id), { kind: 'warning', note: 'no' }, unit)
          throw new Error('rolled back')
        }),
      ).rejects.toThrow('rolled back')
      await new Promise((r) => setTimeout(r, 300))
      expect((await notices(bo)).items.length).toBe(before)
      expect(live.events.some((x) => x.type === 'notice.created')).toBe(false)
      live.close()
    })
  })
}
