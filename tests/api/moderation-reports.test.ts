import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import type { TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'
import { conversationOf, messagingApp, mutualAmong, sent } from './messaging-fixtures'
import { clearRoles, queue, report, reported, setRole } from './moderation-fixtures'
import { block, createPin, makeBoard } from './pin-fixtures'

for (const dialect of DIALECTS) {
  describe(`reports and the queue [${dialect}]`, () => {
    let t: TestApp
    let ana: TestUser
    let bo: TestUser
    let cy: TestUser
    let mod: TestUser
    let board: string
    let secretBoard: string
    let pin: string
    let secretPin: string

    beforeAll(async () => {
      t = await messagingApp(dialect)
      mod = await signUp(t)
      ana = await signUp(t)
      bo = await signUp(t)
      cy = await signUp(t)
      await clearRoles(t)
      await setRole(t, mod, 'moderator')
      board = await makeBoard(t, ana)
      secretBoard = await makeBoard(t, ana, 'SECRET')
      pin = (await createPin(t, ana, board)).id
      secretPin = (await createPin(t, ana, secretBoard)).id
      await t.ctx.db
        .updateTable('users')
        .set({ about: 'I post things' })
        .where('id', '=', Number(ana.id))
        .execute()
    })
    afterAll(() => t.close())

    it('a report of each kind: 201 with the Report, listed as the reporter’s own, newest first', async () => {
      await mutualAmong(t, [ana, bo])
      const conversation = await conversationOf(ana, bo)
      const message = await sent(ana, conversation, 'buy cheap watches')
      const made = []
      for (const [type, id] of [
        ['pin', pin],
        ['board', board],
        ['user', ana.id],
        ['message', message.id],
      ] as const) {
        const res = await report(bo, type, id, 'spam', `  the ${type}  `)
        expect(res.statusCode, res.body).toBe(201)
        const body = res.json()
        expect(body).toMatchObject({
          target: { type, id },
          reason: 'spam',
          note: `the ${type}`,
          status: 'open',
          outcome: null,
          resolved_at: null,
        })
        expect(body.id).toMatch(/^[1-9][0-9]*$/)
        made.push(body.id)
      }
      const mine = await bo.call({ method: 'GET', url: '/v5/user_account/reports' })
      expect(mine.statusCode).toBe(200)
      expect(mine.json().items.map((r: { id: string }) => r.id)).toEqual([...made].reverse())
      // a page of one, then the next
      const first = await bo.call({ method: 'GET', url: '/v5/user_account/reports?page_size=1' })
      const next = await bo.call({
        method: 'GET',
        url: `/v5/user_account/reports?page_size=1&bookmark=${first.json().bookmark}`,
      })
      expect(next.json().items[0].id).toBe(made[2])
      // nobody else sees them
      const hers = await ana.call({ method: 'GET', url: '/v5/user_account/reports' })
      expect(hers.json().items).toEqual([])
    })

    it('404 for what the reporter cannot see, exactly as for what does not exist', async () => {
      const stranger = await signUp(t)
      const blocker = await signUp(t)
      await block(t, blocker, stranger)
      await mutualAmong(t, [ana, bo])
      const privateTalk = await conversationOf(ana, bo)
      const message = await sent(ana, privateTalk, 'just us')
      for (const [type, id] of [
        ['pin', secretPin],
        ['board', secretBoard],
        ['user', blocker.id],
        ['message', message.id],
        ['pin', '987654321'],
        ['board', '987654321'],
        ['user', '987654321'],
        ['message', '987654321'],
      ] as const) {
        const res = await report(stranger, type, id)
        expect(res.statusCode, `${type} ${id}: ${res.body}`).toBe(404)
        expect(res.json().reason).toBe('not_found')
      }
      expect(
        (await stranger.call({ method: 'GET', url: '/v5/user_account/reports' })).json().items,
      ).toEqual([])
    })

    it('400 own_content for one’s own things and oneself; 400 for a reason or note out of bounds', async () => {
      await mutualAmong(t, [ana, cy])
      const conversation = await conversationOf(ana, cy)
      const mine = await sent(ana, conversation, 'mine')
      for (const [type, id] of [
        ['pin', pin],
        ['pin', secretPin],
        ['board', board],
        ['user', ana.id],
        ['message', mine.id],
      ] as const) {
        const res = await report(ana, type, id)
        expect(res.statusCode, `${type}: ${res.body}`).toBe(400)
        expect(res.json().reason).toBe('own_content')
      }
      expect((await report(cy, 'pin', pin, 'boring')).statusCode).toBe(400)
      expect((await report(cy, 'pin', pin, 'spam', 'x'.repeat(1001))).statusCode).toBe(400)
      const bad = await cy.call({
        method: 'POST',
        url: '/v5/reports',
        payload: { target: { type: 'comment', id: pin }, reason: 'spam' },
      })
      expect(bad.statusCode).toBe(400)
    })

    it('once per person and item: 409 already_reported, through either endpoint', async () => {
      const dee = await signUp(t)
      expect((await report(dee, 'pin', pin)).statusCode).toBe(201)
      const again = await report(dee, 'pin', pin, 'hate')
      expect(again.statusCode).toBe(409)
      expect(again.json().reason).toBe('already_reported')
      // the older message endpoint writes the same table
      await mutualAmong(t, [ana, dee])
      const conversation = await conversationOf(ana, dee)
      const m = await sent(ana, conversation, 'rude')
      const old = await dee.call({
        method: 'POST',
        url: `/v5/messages/${m.id}/report`,
        payload: { reason: 'it was rude' },
      })
      expect(old.statusCode).toBe(201)
      expect(old.json()).toMatchObject({ message_id: m.id, reason: 'it was rude' })
      const twice = await report(dee, 'message', m.id)
      expect(twice.statusCode).toBe(409)
      const row = await t.ctx.db
        .selectFrom('reports')
        .selectAll()
        .where('id', '=', Number(old.json().id))
        .executeTakeFirstOrThrow()
      expect(row).toMatchObject({ target_type: 'message', reason: 'other', note: 'it was rude' })
      expect(Number(row.target_user_id)).toBe(Number(ana.id))
    })

    it('rate limited: 20 reports an hour per person', async () => {
      const busy = await signUp(t)
      const targets: TestUser[] = []
      for (let i = 0; i < 21; i++) targets.push(await signUp(t))
      for (const target of targets.slice(0, 20)) {
        expect((await report(busy, 'user', target.id)).statusCode).toBe(201)
      }
      const over = await report(busy, 'user', targets[20]!.id)
      expect(over.statusCode).toBe(429)
      expect(over.headers['retry-after']).toBeDefined()
    })

    it('the queue: moderators only (403 not_moderator for pinners)', async () => {
      for (const url of [
        '/v5/admin/reports',
        '/v5/admin/reports?status=closed',
        '/v5/admin/audit',
      ]) {
        const res = await bo.call({ method: 'GET', url })
        expect(res.statusCode, url).toBe(403)
        expect(res.json().reason).toBe('not_moderator')
      }
      const res = await bo.call({
        method: 'POST',
        url: '/v5/admin/reports/1/actions',
        payload: { action: 'dismiss' },
      })
      expect(res.statusCode).toBe(403)
      expect(res.json().reason).toBe('not_moderator')
    })

    it('the queue shows each report with its content in context, oldest first', async () => {
      const items = await queue(mod)
      expect(items.length).toBeGreaterThan(4)
      const ids = items.map((r) => Number(r.id))
      expect(ids).toEqual([...ids].sort((a, b) => a - b))
      const byTarget = (type: string, id: string, reporter: TestUser) =>
        items.find(
          (r) =>
            r.target.type === type &&
            r.target.id === id &&
            r.reporter.username === reporter.username,
        )!
      const pinReport = byTarget('pin', pin, bo)
      expect(pinReport).toMatchObject({
        reporter: { type: 'user', username: bo.username },
        target_user: { username: ana.username, suspended: false },
        content: { type: 'pin', pin: { id: pin } },
        note: 'the pin',
      })
      // bo's and dee's reports of the pin: one other open for each
      expect(pinReport.other_open_reports).toBe(1)
      const boardReport = byTarget('board', board, bo)
      expect(boardReport.content.type).toBe('board')
      expect(boardReport.content.board.id).toBe(board)
      expect(boardReport.content.pins.map((p: { id: string }) => p.id)).toEqual([pin])
      const userReport = byTarget('user', ana.id, bo)
      expect(userReport.content).toMatchObject({
        type: 'user',
        user: { username: ana.username, about: 'I post things', suspended: false },
      })
      const messageReport = items.find((r) => r.target.type === 'message')!
      expect(messageReport.content).toMatchObject({
        type: 'message',
        is_group: false,
        reported_message_id: messageReport.target.id,
      })
      expect(messageReport.content.messages.map((m: { id: string }) => m.id)).toContain(
        messageReport.target.id,
      )
      // nothing closed yet
      expect(await queue(mod, 'closed')).toEqual([])
    })

    it('a message report shows only what the reporter could see: not before they joined, not after they left', async () => {
      const a = await signUp(t)
      const b = await signUp(t)
      const c = await signUp(t)
      const late = await signUp(t)
      await mutualAmong(t, [a, b, c, late])
      const group = await conversationOf(a, b, c)
      const early: string[] = []
      for (let i = 1; i <= 5; i++) early.push((await sent(a, group, `before ${i}`)).id)
      const added = await a.call({
        method: 'POST',
        url: `/v5/conversations/${group}/participants`,
        payload: { usernames: [late.username] },
      })
      expect(added.statusCode, added.body).toBeLessThan(300)
      const m6 = await sent(b, group, 'after join 1')
      const m7 = await sent(a, group, 'the bad one')
      const m8 = await sent(c, group, 'after join 3')
      const reportId = await reported(late, 'message', m7.id, 'harassment', 'look at this')
      const left = await late.call({
        method: 'DELETE',
        url: `/v5/conversations/${group}/participants/me`,
      })
      expect(left.statusCode).toBeLessThan(300)
      const afterLeaving = [await sent(a, group, 'gone 1'), await sent(a, group, 'gone 2')]

      const item = (await queue(mod)).find((r) => r.id === reportId)!
      expect(item.content.type).toBe('message')
      expect(item.content.is_group).toBe(true)
      expect(item.content.conversation_id).toBe(group)
      expect(item.content.reported_message_id).toBe(m7.id)
      const shown = item.content.messages.map((m: { id: string }) => m.id)
      expect(shown).toEqual([m6.id, m7.id, m8.id])
      for (const id of [...early, ...afterLeaving.map((m) => m.id)]) expect(shown).not.toContain(id)
      expect(item.content.messages[1]).toMatchObject({
        text: 'the bad one',
        sender: { username: a.username },
      })

      // a member from the start sees three before and three after
      const b2 = await reported(b, 'message', early[3]!, 'spam')
      const full = (await queue(mod)).find((r) => r.id === b2)!
      const texts = full.content.messages.map((m: { text: string }) => m.text)
      expect(texts).toEqual([
        'before 1',
        'before 2',
        'before 3',
        'before 4',
        'before 5',
        'after join 1',
        'the bad one',
      ])
    })

    it('closed reports page newest resolved first; bookmarks are checked', async () => {
      const bad = await mod.call({ method: 'GET', url: '/v5/admin/reports?bookmark=nope' })
      expect(bad.statusCode).toBe(400)
      expect(bad.json().reason).toBe('invalid_bookmark')
      const first = await mod.call({ method: 'GET', url: '/v5/admin/reports?page_size=2' })
      const page1 = first.json()
      expect(page1.items).toHaveLength(2)
      const second = await mod.call({
        method: 'GET',
        url: `/v5/admin/reports?page_size=2&bookmark=${page1.bookmark}`,
      })
      expect(Number(second.json().items[0].id)).toBeGreaterThan(Number(page1.items[1].id))
    })
  })
}
