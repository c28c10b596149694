import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { TestSmtpServer } from '../support/smtp-server'
import { listenForStream, StreamClient } from '../support/stream-client'
import type { TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import {
  cookieOf,
  emailOf,
  freshAddress,
  NEW_PASSWORD,
  PASSWORD,
  PUBLIC_URL,
  recoveryApp,
  recoveryCalls,
} from './password-reset-fixtures'

/**
 * Issue 14, item 6: forgot password. A reset link by email (over a real SMTP server), single
 * use, 1 hour, bound to its account; asking answers alike whether or not the address has an
 * account; limited per address and per client; resetting ends every session, token and socket.
 */
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

for (const dialect of DIALECTS) {
  describe(`password reset [${dialect}]`, () => {
    let smtp: TestSmtpServer
    let t: TestApp
    let streamUrl: string
    const calls = recoveryCalls(
      () => t,
      () => smtp,
    )
    const { requestReset, confirmReset, resetToken, login, mailsTo, jobsSettled } = calls

    beforeAll(async () => {
      smtp = await TestSmtpServer.start()
      t = await recoveryApp(dialect, smtp)
      streamUrl = await listenForStream(t)
    })
    afterAll(async () => {
      await t.close()
      await smtp.close()
    })

    const me = (headers: Record<string, string>) =>
      t.app.inject({ method: 'GET', url: '/v5/user_account', headers })

    it('answers alike whether or not the address has an account; only an account gets mail', async () => {
      const ana = await signUp(t, `ana_${dialect}`)
      const nobody = `nobody_${dialect}@example.com`
      const known = await requestReset(emailOf(ana))
      const unknown = await requestReset(nobody)
      expect(known.statusCode).toBe(202)
      expect(unknown.statusCode).toBe(202)
      expect(unknown.body).toBe(known.body)
      expect(known.json()).toEqual({ expires_in_seconds: 3600 })
      const varying = new Set(['date', 'x-ratelimit-remaining', 'x-ratelimit-reset'])
      const same = (h: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(h).filter(([k]) => !varying.has(k)))
      expect(same(unknown.headers)).toEqual(same(known.headers))
      // an address is an address however it is typed
      expect((await requestReset(`  ${emailOf(ana).toUpperCase()} `)).body).toBe(known.body)
      await jobsSettled()
      expect(mailsTo(emailOf(ana), 'Reset your Corkboard password')).toHaveLength(2)
      expect(smtp.received.filter((r) => r.envelope.to.includes(nobody))).toHaveLength(0)
      // the address asked for is not kept once its job ran
      const payloads = await t.ctx.db
        .selectFrom('jobs')
        .select('payload')
        .where('type', '=', 'accounts.password_reset')
        .execute()
      expect(payloads.length).toBe(3)
      expect(payloads.map((p) => p.payload).join()).not.toContain('@')
    })

    it('takes about the same time for an address with an account and one without', async () => {
      const bea = await signUp(t, `bea_${dialect}`)
      const timed = async (email: string) => {
        const started = performance.now()
        expect((await requestReset(email)).statusCode).toBe(202)
        return performance.now() - started
      }
      const known: number[] = []
      const unknown: number[] = []
      for (let i = 0; i < 9; i++) {
        known.push(await timed(emailOf(bea)))
        unknown.push(await timed(`ghost${i}_${dialect}@example.com`))
      }
      // the request only queues a job, either way: no branch on the account to time
      expect(Math.abs(median(known) - median(unknown))).toBeLessThan(25)
      await jobsSettled()
    })

    it('resets once: every session, token and socket of the account ends; the reset signs in afresh', async () => {
      const bo = await signUp(t, `bo_${dialect}`)
      const second = await login(bo.username, PASSWORD)
      expect(second.statusCode).toBe(200)
      const secondCookie = cookieOf(second)
      const byToken = await StreamClient.ready(streamUrl, bo.token)
      const byCookie = await StreamClient.open(streamUrl, {
        cookie: secondCookie,
        origin: PUBLIC_URL,
      })
      byCookie.send({ type: 'hello', cursor: null })
      await byCookie.until((e) => e.some((x) => x.type === 'ready'))
      const token = await resetToken(bo)
      expect(token).toMatch(/^pwr_/)
      // only its hash is stored
      const stored = await t.ctx.db.selectFrom('password_resets').select('token_hash').execute()
      expect(stored.map((r) => r.token_hash)).not.toContain(token)

      const started = Date.now()
      const res = await confirmReset(token)
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toMatchObject({
        account: { username: bo.username },
        ended_sessions: 2,
        deleted_tokens: 1,
      })
      for (const socket of [byToken, byCookie]) {
        await socket.until(() => socket.closed !== null, 3000).catch(() => {})
        expect(socket.closed?.code).toBe(4401)
      }
      expect(Date.now() - started).toBeLessThan(1500)
      expect((await me({ cookie: bo.cookie })).statusCode).toBe(401)
      expect((await me({ cookie: secondCookie })).statusCode).toBe(401)
      expect((await me({ authorization: `Bearer ${bo.token}` })).statusCode).toBe(401)
      // the new session works, and so does the new password (the old one no more)
      const fresh = await me({ cookie: cookieOf(res) })
      expect(fresh.statusCode).toBe(200)
      expect(fresh.json().username).toBe(bo.username)
      expect((await login(bo.username, PASSWORD)).statusCode).toBe(401)
      expect((await login(bo.username, NEW_PASSWORD)).statusCode).toBe(200)

      // single use
      const again = await confirmReset(token, 'another quiet orchard 7')
      expect(again.statusCode).toBe(410)
      expect(again.json()).toMatchObject({ code: 410, reason: 'reset_used' })
      expect((await login(bo.username, NEW_PASSWORD)).statusCode).toBe(200)
    })

    it('one link used twice at once: one reset, the other refused', async () => {
      const kai = await signUp(t, `kai_${dialect}`)
      const token = await resetToken(kai)
      const answers = await Promise.all([
        confirmReset(token, 'first quiet orchard 11'),
        confirmReset(token, 'second quiet orchard 22'),
      ])
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 410])
      const lost = answers.find((a) => a.statusCode === 410)!
      expect(lost.json()).toMatchObject({ reason: 'reset_used' })
      const won = answers.findIndex((a) => a.statusCode === 200)
      const password = ['first quiet orchard 11', 'second quiet orchard 22'][won]!
      expect((await login(kai.username, password)).statusCode).toBe(200)
      const sessions = await t.ctx.db
        .selectFrom('sessions')
        .select('id_hash')
        .where('user_id', '=', Number(kai.id))
        .execute()
      // the winner's fresh session and the log-in just now
      expect(sessions).toHaveLength(2)
    })

    it('refuses an expired link and leaves the password as it was', async () => {
      const cy = await signUp(t, `cy_${dialect}`)
      const token = await resetToken(cy)
      await t.ctx.db
        .updateTable('password_resets')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('user_id', '=', Number(cy.id))
        .execute()
      const res = await confirmReset(token)
      expect(res.statusCode).toBe(410)
      expect(res.json()).toMatchObject({ reason: 'reset_expired' })
      expect((await login(cy.username, PASSWORD)).statusCode).toBe(200)
      expect((await me({ cookie: cy.cookie })).statusCode).toBe(200)
    })

    it('a link is of its own account only, made after 1 hour is over', async () => {
      const dee = await signUp(t, `dee_${dialect}`)
      const eli = await signUp(t, `eli_${dialect}`)
      const before = Date.now()
      const deeToken = await resetToken(dee)
      const eliToken = await resetToken(eli)
      const row = await t.ctx.db
        .selectFrom('password_resets')
        .select(['user_id', 'created_at', 'expires_at'])
        .where('user_id', '=', Number(dee.id))
        .executeTakeFirstOrThrow()
      const ttl = Date.parse(row.expires_at) - Date.parse(row.created_at)
      expect(ttl).toBe(3_600_000)
      expect(Date.parse(row.created_at)).toBeGreaterThanOrEqual(before - 1000)

      const res = await confirmReset(deeToken)
      expect(res.statusCode).toBe(200)
      expect(res.json().account.username).toBe(dee.username)
      // Eli's account is untouched: password, session, token; his own link still works
      expect((await login(eli.username, PASSWORD)).statusCode).toBe(200)
      expect((await me({ cookie: eli.cookie })).statusCode).toBe(200)
      expect((await me({ authorization: `Bearer ${eli.token}` })).statusCode).toBe(200)
      expect((await login(eli.username, NEW_PASSWORD)).statusCode).toBe(401)
      const his = await confirmReset(eliToken)
      expect(his.statusCode).toBe(200)
      expect(his.json().account.username).toBe(eli.username)
    })

    it('a link dies once the password changed another way, and with the reset of another', async () => {
      const fay = await signUp(t, `fay_${dialect}`)
      const first = await resetToken(fay)
      const changed = await fay.call({
        method: 'POST',
        url: '/v5/user_account/password',
        payload: { current_password: PASSWORD, new_password: NEW_PASSWORD },
      })
      expect(changed.statusCode).toBe(200)
      const res = await confirmReset(first, 'another quiet orchard 7')
      expect(res.statusCode).toBe(410)
      expect(res.json()).toMatchObject({ reason: 'reset_invalid' })
      const second = await resetToken(fay)
      const third = await resetToken(fay)
      expect((await confirmReset(third, 'another quiet orchard 7')).statusCode).toBe(200)
      expect((await confirmReset(second)).json()).toMatchObject({ reason: 'reset_used' })
      expect((await login(fay.username, 'another quiet orchard 7')).statusCode).toBe(200)
    })

    it('refuses a weak password without using the link up; refuses made-up tokens', async () => {
      const gus: TestUser = await signUp(t, `gus_${dialect}`)
      const token = await resetToken(gus)
      const weak = await confirmReset(token, 'password1')
      expect(weak.statusCode).toBe(400)
      expect(weak.json()).toMatchObject({ reason: 'weak_password' })
      const named = await confirmReset(token, `${gus.username}${gus.username}`)
      expect(named.statusCode).toBe(400)
      expect((await confirmReset(token)).statusCode).toBe(200)
      for (const made of ['x', `pwr_${'A'.repeat(43)}`, token.slice(0, -1)]) {
        const res = await confirmReset(made)
        expect(res.statusCode, made).toBe(410)
        expect(res.json()).toMatchObject({ reason: 'reset_invalid' })
      }
      const bad = await requestReset('not an address')
      expect(bad.statusCode).toBe(400)
      expect(bad.json()).toMatchObject({ reason: 'invalid_email' })
    })

    it('is limited: 3 mails an hour to an address (asked for alike after), 5 requests a minute per client', async () => {
      const hal = await signUp(t, `hal_${dialect}`)
      for (let i = 0; i < 5; i++) {
        expect((await requestReset(emailOf(hal))).statusCode).toBe(202)
      }
      await jobsSettled()
      expect(mailsTo(emailOf(hal), 'Reset your Corkboard password')).toHaveLength(3)

      const client = freshAddress()
      for (let i = 0; i < 5; i++) {
        const res = await requestReset(`someone${i}_${dialect}@example.com`, client)
        expect(res.statusCode).toBe(202)
      }
      const over = await requestReset(`someone9_${dialect}@example.com`, client)
      expect(over.statusCode).toBe(429)
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0)
      expect((await requestReset(`someone9_${dialect}@example.com`)).statusCode).toBe(202)
      await jobsSettled()
    })

    it('the mail says what the link does, for whom, and for how long', async () => {
      const ida = await signUp(t, `ida_${dialect}`)
      await resetToken(ida)
      const { mail } = mailsTo(emailOf(ida), 'Reset your Corkboard password')[0]!
      expect(mail.text).toContain(`@${ida.username}`)
      expect(mail.text).toContain('works once, for 1 hour')
      expect(mail.text).toContain('signs you out everywhere')
      // signing in still works meanwhile: asking changes nothing by itself
      expect((await callAs(t, ida, { method: 'GET', url: '/v5/user_account' })).statusCode).toBe(
        200,
      )
    })
  })
}
