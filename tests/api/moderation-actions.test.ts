import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { listenForStream, StreamClient } from '../support/stream-client'
import type { TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'
import { conversationOf, messagingApp, mutualAmong, sent } from './messaging-fixtures'
import { act, audit, clearRoles, notices, queue, reported, setRole } from './moderation-fixtures'
import { createPin, makeBoard } from './pin-fixtures'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

for (const dialect of DIALECTS) {
  describe(`moderation actions [${dialect}]`, () => {
    let t: TestApp
    let url: string
    let admin: TestUser
    let mod: TestUser
    let mod2: TestUser
    let author: TestUser
    let r1: TestUser
    let r2: TestUser

    const suspension = (
      by: TestUser,
      username: string,
      what: 'suspend' | 'unsuspend',
      note?: string,
    ) =>
      by.call({
        method: 'POST',
        url: `/v5/admin/users/${username}/${what}`,
        payload: note === undefined ? {} : { note },
      })

    beforeAll(async () => {
      t = await messagingApp(dialect)
      url = await listenForStream(t)
      admin = await signUp(t)
      mod = await signUp(t)
      mod2 = await signUp(t)
      author = await signUp(t)
      r1 = await signUp(t)
      r2 = await signUp(t)
      await clearRoles(t)
      await setRole(t, admin, 'admin')
      await setRole(t, mod, 'moderator')
      await setRole(t, mod2, 'moderator')
    })
    afterAll(() => t.close())

    it('dismiss: closes every open report of the item, tells each reporter (notice + live), audits who, what and why', async () => {
      const board = await makeBoard(t, author)
      const pin = (await createPin(t, author, board)).id
      const other = (await createPin(t, author, board)).id
      const a = await reported(r1, 'pin', pin, 'spam', 'ads everywhere')
      const b = await reported(r2, 'pin', pin, 'hate')
      const untouched = await reported(r1, 'pin', other, 'spam')
      const live1 = await StreamClient.ready(url, r1.token)
      const live2 = await StreamClient.ready(url, r2.token)
      const liveAuthor = await StreamClient.ready(url, author.token)

      const res = await act(mod, a, 'dismiss', 'not spam, a shop')
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toMatchObject({
        id: a,
        status: 'closed',
        outcome: 'dismissed',
        other_open_reports: 0,
        reporter: { username: r1.username },
        target_user: { username: author.username, suspended: false },
        content: { type: 'pin', pin: { id: pin } },
      })
      expect(res.json().resolved_at).toEqual(expect.any(String))

      // both reports closed, the other pin's not
      const open = (await queue(mod)).map((r) => r.id)
      expect(open).not.toContain(a)
      expect(open).not.toContain(b)
      expect(open).toContain(untouched)
      const closed = await queue(mod, 'closed')
      expect(closed.filter((r) => [a, b].includes(r.id)).map((r) => r.outcome)).toEqual([
        'dismissed',
        'dismissed',
      ])
      // the reporters see it on their own reports
      const mine = await r2.call({ method: 'GET', url: '/v5/user_account/reports' })
      expect(mine.json().items.find((r: Json) => r.id === b)).toMatchObject({
        status: 'closed',
        outcome: 'dismissed',
      })

      // each reporter is told, in the list and live
      for (const [who, reportId, reason, live] of [
        [r1, a, 'spam', live1],
        [r2, b, 'hate', live2],
      ] as const) {
        const list = await notices(who)
        const notice = list.items.find(
          (n) => n.kind === 'report_outcome' && n.report.id === reportId,
        )
        expect(notice).toMatchObject({
          kind: 'report_outcome',
          read_at: null,
          report: { id: reportId, target: { type: 'pin', id: pin }, reason, outcome: 'dismissed' },
        })
        await live.until((e) =>
          e.some((x) => x.type === 'notice.created' && x.notice.id === notice!.id),
        )
      }
      // nobody else hears of it
      await new Promise((r) => setTimeout(r, 200))
      expect(liveAuthor.events.filter((e) => e.type === 'notice.created')).toEqual([])
      expect(
        live1.events
          .filter((e) => e.type === 'notice.created')
          .map((e) => (e as Json).notice.report.id),
      ).toEqual([a])
      for (const s of [live1, live2, liveAuthor]) s.close()

      // acting again: 409 report_closed
      const again = await act(mod, b, 'remove')
      expect(again.statusCode).toBe(409)
      expect(again.json().reason).toBe('report_closed')

      const entry = (await audit(mod)).find((e) => e.report_id === a)
      expect(entry).toMatchObject({
        actor: { username: mod.username },
        action: 'dismiss',
        target: { type: 'pin', id: pin },
        target_user: { username: author.username },
        note: 'not spam, a shop',
      })
      expect(entry!.detail.reports.sort()).toEqual([a, b].sort())
    })

    it('warn: the author gets a warning notice with the note; reporters learn “warned”', async () => {
      const userReport = await reported(r1, 'user', author.id, 'harassment', 'keeps messaging me')
      const live = await StreamClient.ready(url, author.token)
      const res = await act(mod, userReport, 'warn', 'Be kind to people here.')
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json().outcome).toBe('warned')
      const warning = (await notices(author)).items.find((n) => n.kind === 'warning')
      expect(warning).toMatchObject({ kind: 'warning', note: 'Be kind to people here.' })
      await live.until((e) =>
        e.some((x) => x.type === 'notice.created' && x.notice.kind === 'warning'),
      )
      live.close()
      const outcome = (await notices(r1)).items.find((n) => n.report?.id === userReport)
      expect(outcome!.report.outcome).toBe('warned')
      const entry = (await audit(admin)).find((e) => e.report_id === userReport)
      expect(entry).toMatchObject({
        action: 'warn',
        target: { type: 'user', id: author.id },
        note: 'Be kind to people here.',
      })
    })

    it('remove: the outcome and the audit (what it was); a person cannot be “removed”', async () => {
      const board = await makeBoard(t, author)
      const pin = (await createPin(t, author, board, { title: 'bad pin' })).id
      const reportId = await reported(r2, 'pin', pin, 'violence')
      const res = await act(mod, reportId, 'remove', 'graphic')
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toMatchObject({ outcome: 'removed', content: { type: 'pin', pin: null } })
      const entry = (await audit(mod)).find((e) => e.report_id === reportId)
      expect(entry).toMatchObject({
        action: 'remove',
        note: 'graphic',
        target: { type: 'pin', id: pin },
      })
      expect(entry!.detail.reports).toEqual([reportId])
      expect((await notices(r2)).items.find((n) => n.report?.id === reportId)!.report.outcome).toBe(
        'removed',
      )

      const person = await reported(r2, 'user', author.id, 'spam')
      const refused = await act(mod, person, 'remove')
      expect(refused.statusCode).toBe(400)
      expect(refused.json().reason).toBe('invalid_action')
      // still open
      expect((await queue(mod)).map((r) => r.id)).toContain(person)
      const bad = await mod.call({
        method: 'POST',
        url: `/v5/admin/reports/${person}/actions`,
        payload: { action: 'ban' },
      })
      expect(bad.statusCode).toBe(400)
      expect((await act(mod, '987654321', 'dismiss')).statusCode).toBe(404)
      await act(mod, person, 'dismiss')
    })

    it('suspend from a report: the author is suspended, audited; a message report’s author too', async () => {
      const troll = await signUp(t)
      await mutualAmong(t, [troll, r1])
      const conversation = await conversationOf(troll, r1)
      const m = await sent(troll, conversation, 'nasty words')
      const reportId = await reported(r1, 'message', m.id, 'harassment')
      const res = await act(mod, reportId, 'suspend', 'threats')
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toMatchObject({
        outcome: 'suspended',
        target_user: { username: troll.username, suspended: true },
      })
      const row = await t.ctx.db
        .selectFrom('users')
        .select(['suspended_at', 'suspension_reason'])
        .where('id', '=', Number(troll.id))
        .executeTakeFirstOrThrow()
      expect(row.suspended_at).not.toBeNull()
      expect(row.suspension_reason).toBe('threats')
      const entry = (await audit(mod)).find((e) => e.report_id === reportId)
      expect(entry).toMatchObject({
        actor: { username: mod.username },
        action: 'suspend',
        target: { type: 'message', id: m.id },
        target_user: { username: troll.username },
        note: 'threats',
      })
    })

    it('protected accounts: a moderator may not suspend an admin or a moderator; nobody suspends themselves', async () => {
      const modPin = (await createPin(t, mod2, await makeBoard(t, mod2))).id
      const aboutMod = await reported(r1, 'pin', modPin, 'spam')
      const refused = await act(mod, aboutMod, 'suspend')
      expect(refused.statusCode).toBe(403)
      expect(refused.json().reason).toBe('protected_account')
      for (const [by, target] of [
        [mod, admin],
        [mod, mod2],
        [mod, mod],
        [admin, admin],
      ] as const) {
        const res = await suspension(by, target.username, 'suspend')
        expect(res.statusCode, `${by.username} → ${target.username}`).toBe(403)
        expect(res.json().reason).toBe('protected_account')
      }
      // nothing changed, nothing audited
      const suspended = await t.ctx.db
        .selectFrom('users')
        .select('id')
        .where('suspended_at', 'is not', null)
        .where('id', 'in', [Number(admin.id), Number(mod.id), Number(mod2.id)])
        .execute()
      expect(suspended).toEqual([])
      // an admin may suspend a moderator (and lift it)
      const byAdmin = await act(admin, aboutMod, 'suspend', 'spamming as a moderator')
      expect(byAdmin.statusCode, byAdmin.body).toBe(200)
      expect(byAdmin.json().target_user.suspended).toBe(true)
      // a moderator may not lift it either
      const lifted = await suspension(mod, mod2.username, 'unsuspend')
      expect(lifted.statusCode).toBe(403)
      expect(lifted.json().reason).toBe('protected_account')
      expect((await suspension(admin, mod2.username, 'unsuspend')).statusCode).toBe(200)
    })

    it('suspend and unsuspend by username: the answers, 404 for nobody, audited with the reason', async () => {
      const someone = await signUp(t)
      const res = await suspension(mod, someone.username, 'suspend', 'spam account')
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toMatchObject({
        username: someone.username,
        suspended: true,
        reason: 'spam account',
      })
      expect(res.json().suspended_at).toEqual(expect.any(String))
      // the suspended account's credentials no longer work
      const me = await t.app.inject({
        method: 'GET',
        url: '/v5/user_account',
        headers: { authorization: `Bearer ${someone.token}` },
      })
      expect(me.statusCode).toBeGreaterThanOrEqual(401)
      // suspending again changes nothing
      const again = await suspension(mod, someone.username, 'suspend', 'other words')
      expect(again.json()).toMatchObject({ suspended: true, reason: 'spam account' })

      const back = await suspension(mod, someone.username, 'unsuspend', 'appeal accepted')
      expect(back.statusCode).toBe(200)
      expect(back.json()).toEqual({
        username: someone.username,
        suspended: false,
        suspended_at: null,
        reason: null,
      })
      expect((await suspension(mod, 'nobody_here_at_all', 'suspend')).statusCode).toBe(404)
      expect((await suspension(mod, 'nobody_here_at_all', 'unsuspend')).statusCode).toBe(404)

      const entries = (await audit(admin)).filter(
        (e) => e.target_user?.username === someone.username,
      )
      expect(entries.map((e) => [e.action, e.note, e.actor.username])).toEqual([
        ['unsuspend', 'appeal accepted', mod.username],
        ['suspend', 'spam account', mod.username],
      ])
      expect(entries[1]).toMatchObject({
        target: { type: 'user', id: someone.id },
        report_id: null,
      })
    })

    it('a moderator’s note is at most 1000 characters (trimmed): 400 past it, and nothing done', async () => {
      const someone = await signUp(t)
      const long = 'x'.repeat(1001)
      const reportId = await reported(r1, 'user', someone.id, 'spam')
      for (const action of ['dismiss', 'warn', 'suspend'] as const) {
        const res = await act(mod, reportId, action, long)
        expect(res.statusCode, action).toBe(400)
      }
      expect((await suspension(mod, someone.username, 'suspend', long)).statusCode).toBe(400)
      expect((await suspension(mod, someone.username, 'unsuspend', long)).statusCode).toBe(400)
      expect((await queue(mod)).map((r) => r.id)).toContain(reportId)
      expect((await notices(someone)).items).toEqual([])
      const fits = await act(mod, reportId, 'dismiss', ` ${'y'.repeat(1000)} `)
      expect(fits.statusCode, fits.body).toBe(200)
    })

    it('two moderators acting at once on reports of the same item: one acts, the other hears 409', async () => {
      // (mod2 was suspended and back above: its session ended)
      const other = await signUp(t)
      await setRole(t, other, 'moderator')
      for (let round = 0; round < 3; round++) {
        const pin = (await createPin(t, author, await makeBoard(t, author))).id
        const a = await reported(r1, 'pin', pin, 'spam')
        const b = await reported(r2, 'pin', pin, 'spam')
        const [x, y] = await Promise.all([act(mod, a, 'dismiss'), act(other, b, 'warn', 'stop')])
        expect([x.statusCode, y.statusCode].sort(), `${x.body} ${y.body}`).toEqual([200, 409])
        const same = await reported(r1, 'user', (await signUp(t)).id, 'spam')
        const [p, q] = await Promise.all([act(mod, same, 'dismiss'), act(other, same, 'dismiss')])
        expect([p.statusCode, q.statusCode].sort()).toEqual([200, 409])
      }
    })

    it('a deleted account: its content can be dismissed but not warned or suspended; a deleted reporter is told nothing', async () => {
      const leaver = await signUp(t)
      const gonePin = (await createPin(t, leaver, await makeBoard(t, leaver))).id
      const reportId = await reported(r1, 'pin', gonePin, 'spam')
      const quitter = await signUp(t)
      const second = await reported(quitter, 'pin', gonePin, 'spam')
      const tombstone = (u: TestUser) =>
        t.ctx.db
          .updateTable('users')
          .set({ deleted_at: new Date().toISOString() })
          .where('id', '=', Number(u.id))
          .execute()
      await tombstone(leaver)
      await tombstone(quitter)
      for (const action of ['warn', 'suspend'] as const) {
        const res = await act(mod, reportId, action)
        expect(res.statusCode, action).toBe(400)
        expect(res.json().reason).toBe('invalid_action')
      }
      expect((await act(mod, reportId, 'dismiss')).statusCode).toBe(200)
      const told = await t.ctx.db
        .selectFrom('notices')
        .select('user_id')
        .where('kind', '=', 'report_outcome')
        .where('body', 'like', `%"id":"${second}"%`)
        .execute()
      expect(told).toEqual([])
    })

    it('pinners get 403 not_moderator on every moderation endpoint', async () => {
      for (const [method, path, payload] of [
        ['GET', '/v5/admin/reports', undefined],
        ['GET', '/v5/admin/audit', undefined],
        ['POST', '/v5/admin/reports/1/actions', { action: 'dismiss' }],
        ['POST', `/v5/admin/users/${r1.username}/suspend`, {}],
        ['POST', `/v5/admin/users/${r1.username}/unsuspend`, {}],
      ] as const) {
        const res = await r2.call({ method, url: path, ...(payload ? { payload } : {}) })
        expect(res.statusCode, path).toBe(403)
        expect(res.json().reason).toBe('not_moderator')
      }
    })

    it('the audit log pages newest first', async () => {
      const first = await admin.call({ method: 'GET', url: '/v5/admin/audit?page_size=2' })
      const page = first.json()
      expect(page.items).toHaveLength(2)
      expect(Number(page.items[0].id)).toBeGreaterThan(Number(page.items[1].id))
      const next = await admin.call({
        method: 'GET',
        url: `/v5/admin/audit?page_size=2&bookmark=${page.bookmark}`,
      })
      expect(Number(next.json().items[0].id)).toBeLessThan(Number(page.items[1].id))
      const whole = await audit(admin)
      for (const e of whole) {
        expect(e).toEqual(
          expect.objectContaining({
            id: expect.any(String),
            action: expect.any(String),
            created_at: expect.any(String),
          }),
        )
      }
    })
  })
}
