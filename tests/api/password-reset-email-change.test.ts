import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { TestSmtpServer } from '../support/smtp-server'
import type { TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'
import {
  emailOf,
  NEW_PASSWORD,
  PASSWORD,
  recoveryApp,
  recoveryCalls,
} from './password-reset-fixtures'

/**
 * Issue 14, item 6: changing the email address confirms the new one by a link first (over a
 * real SMTP server); the old address is told; a reset link for the old address dies with it.
 */
const CONFIRM = 'Confirm your new Corkboard email address'
const ASKED = 'A change of your Corkboard email address was asked for'
const CHANGED = 'Your Corkboard email address was changed'

for (const dialect of DIALECTS) {
  describe(`email change [${dialect}]`, () => {
    let smtp: TestSmtpServer
    let t: TestApp
    const calls = recoveryCalls(
      () => t,
      () => smtp,
    )
    const { post, mailsTo, tokenFromMail, login, resetToken, confirmReset, jobsSettled } = calls

    beforeAll(async () => {
      smtp = await TestSmtpServer.start()
      t = await recoveryApp(dialect, smtp)
    })
    afterAll(async () => {
      await t.close()
      await smtp.close()
    })

    const patchEmail = (user: TestUser, email: string, password?: string) =>
      user.call({
        method: 'PATCH',
        url: '/v5/user_account',
        payload: { email, ...(password === undefined ? {} : { current_password: password }) },
      })
    /** Asks for `email` as `user`'s new address and answers the token mailed there. */
    async function changeToken(user: TestUser, email: string) {
      const before = mailsTo(email, CONFIRM).length
      const res = await patchEmail(user, email, PASSWORD)
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json().pending_email).toBe(email)
      return tokenFromMail(email, CONFIRM, 'confirm-email', before + 1)
    }
    const confirm = (token: string) => post('/v5/auth/email_change/confirm', { token })
    const account = async (user: TestUser) =>
      (await user.call({ method: 'GET', url: '/v5/user_account' })).json()

    it('applies a new address only once the link mailed to it is opened; the old one is told', async () => {
      const jo = await signUp(t, `jo_${dialect}`)
      const old = emailOf(jo)
      const next = `jo.new_${dialect}@example.org`
      const bare = await patchEmail(jo, next)
      expect(bare.statusCode).toBe(400)
      const wrong = await patchEmail(jo, next, 'not my password')
      expect(wrong.statusCode).toBe(403)
      expect(wrong.json()).toMatchObject({ reason: 'invalid_credentials' })
      const malformed = await patchEmail(jo, 'jo at example', PASSWORD)
      expect(malformed.json()).toMatchObject({ code: 400, reason: 'invalid_email' })

      const token = await changeToken(jo, next)
      expect(token).toMatch(/^eml_/)
      await jobsSettled()
      expect(mailsTo(old, ASKED)).toHaveLength(1)
      expect(mailsTo(old, ASKED)[0]!.mail.text).toContain(next)
      // nothing changed yet
      expect(await account(jo)).toMatchObject({ email: old, pending_email: next })
      expect((await login(next, PASSWORD)).statusCode).toBe(401)
      expect((await login(old, PASSWORD)).statusCode).toBe(200)

      const done = await confirm(token)
      expect(done.statusCode, done.body).toBe(200)
      expect(done.json()).toEqual({ username: jo.username, email: next })
      expect(await account(jo)).toMatchObject({ email: next, pending_email: null })
      await jobsSettled()
      expect(mailsTo(old, CHANGED)).toHaveLength(1)
      expect(mailsTo(old, CHANGED)[0]!.mail.text).toContain(next)
      expect((await login(next, PASSWORD)).statusCode).toBe(200)

      const again = await confirm(token)
      expect(again.statusCode).toBe(410)
      expect(again.json()).toMatchObject({ reason: 'email_change_used' })

      // a reset now goes to the new address only
      const resetsBefore = smtp.received.length
      expect((await post('/v5/auth/password_reset', { email: old })).statusCode).toBe(202)
      await jobsSettled()
      expect(smtp.received.length).toBe(resetsBefore)
      expect((await post('/v5/auth/password_reset', { email: next })).statusCode).toBe(202)
      await jobsSettled()
      expect(mailsTo(next, 'Reset your Corkboard password')).toHaveLength(1)
    })

    it('a reset link mailed to the old address dies once the address changed', async () => {
      const kim = await signUp(t, `kim_${dialect}`)
      const reset = await resetToken(kim)
      expect(
        (await confirm(await changeToken(kim, `kim2_${dialect}@example.org`))).statusCode,
      ).toBe(200)
      const res = await confirmReset(reset)
      expect(res.statusCode).toBe(410)
      expect(res.json()).toMatchObject({ reason: 'reset_invalid' })
      expect((await login(kim.username, PASSWORD)).statusCode).toBe(200)
    })

    it('refuses a taken address, a replaced or expired link; the current address cancels', async () => {
      const lu = await signUp(t, `lu_${dialect}`)
      const mo = await signUp(t, `mo_${dialect}`)
      const taken = await patchEmail(lu, emailOf(mo), PASSWORD)
      expect(taken.statusCode).toBe(409)
      expect(taken.json()).toMatchObject({ reason: 'email_taken' })

      const first = await changeToken(lu, `lu.a_${dialect}@example.org`)
      const second = await changeToken(lu, `lu.b_${dialect}@example.org`)
      expect(await account(lu)).toMatchObject({ pending_email: `lu.b_${dialect}@example.org` })
      expect((await confirm(first)).json()).toMatchObject({
        code: 410,
        reason: 'email_change_invalid',
      })
      await t.ctx.db
        .updateTable('email_changes')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('user_id', '=', Number(lu.id))
        .execute()
      expect((await confirm(second)).json()).toMatchObject({ reason: 'email_change_expired' })
      expect(await account(lu)).toMatchObject({ email: emailOf(lu), pending_email: null })

      const third = await changeToken(lu, `lu.c_${dialect}@example.org`)
      const cancel = await patchEmail(lu, emailOf(lu), PASSWORD)
      expect(cancel.statusCode).toBe(200)
      expect(cancel.json()).toMatchObject({ email: emailOf(lu), pending_email: null })
      expect((await confirm(third)).json()).toMatchObject({ reason: 'email_change_invalid' })
      expect((await account(lu)).email).toBe(emailOf(lu))
    })

    it("a change dies with the password (the owner's reset stops an intruder's change)", async () => {
      const ned = await signUp(t, `ned_${dialect}`)
      const intruders = await changeToken(ned, `intruder_${dialect}@example.org`)
      const reset = await confirmReset(await resetToken(ned))
      expect(reset.statusCode).toBe(200)
      expect((await confirm(intruders)).json()).toMatchObject({ reason: 'email_change_invalid' })
      const me = await t.app.inject({
        method: 'GET',
        url: '/v5/user_account',
        headers: { cookie: reset.cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
      })
      expect(me.json()).toMatchObject({ email: emailOf(ned), pending_email: null })
      expect((await login(emailOf(ned), NEW_PASSWORD)).statusCode).toBe(200)
    })

    it('answers 409 when the address got an account before the link was opened', async () => {
      const ola = await signUp(t, `ola_${dialect}`)
      const wanted = `wanted_${dialect}@example.org`
      const token = await changeToken(ola, wanted)
      await signUp(t, `wanted_${dialect}`, { email: wanted })
      const res = await confirm(token)
      expect(res.statusCode).toBe(409)
      expect(res.json()).toMatchObject({ reason: 'email_taken' })
      expect((await account(ola)).email).toBe(emailOf(ola))
    })
  })
}
