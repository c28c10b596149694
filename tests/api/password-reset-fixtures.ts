import type { LightMyRequestResponse } from 'fastify'
import { expect } from 'vitest'
import type { TestSmtpServer } from '../support/smtp-server'
import { createTestApp, type TestApp } from '../support/test-app'
import type { TestDialect } from '../support/dialects'
import type { TestUser } from '../support/users'
import { waitFor } from '../support/wait'

/** What the password-reset suites share: an app mailing over a real SMTP server, and calls. */

export const PUBLIC_URL = 'https://corkboard.example'
export const PASSWORD = 'correct horse battery'
export const NEW_PASSWORD = 'quiet lantern orchard 42'

export const recoveryApp = (dialect: TestDialect, smtp: TestSmtpServer) =>
  createTestApp(dialect, { SMTP_URL: smtp.url, PUBLIC_URL })

let addresses = 0
/** A client address no other request of this run came from (the routes limit per address). */
export const freshAddress = () => {
  const n = ++addresses
  return `10.77.${(n >> 8) & 255}.${n & 255}`
}

export const emailOf = (user: Pick<TestUser, 'username'>) => `${user.username}@example.com`

export const cookieOf = (res: LightMyRequestResponse) =>
  res.cookies.map((c) => `${c.name}=${c.value}`).join('; ')

export function recoveryCalls(t: () => TestApp, smtp: () => TestSmtpServer) {
  const post = (url: string, payload: unknown, remoteAddress = freshAddress()) =>
    t().app.inject({ method: 'POST', url, payload: payload as object, remoteAddress })

  /** The mails to `to` with this subject so far. */
  const mailsTo = (to: string, subject: string) =>
    smtp().received.filter((r) => r.envelope.to.includes(to) && r.mail.subject === subject)

  /** Waits for the `n`th mail to `to` with `subject`, and answers the token its link carries. */
  async function tokenFromMail(to: string, subject: string, page: string, n: number) {
    await waitFor(`mail #${n} "${subject}" to ${to}`, () => mailsTo(to, subject).length >= n)
    const { mail } = mailsTo(to, subject)[n - 1]!
    const link = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}/${page}#(\\S+)`).exec(
      mail.text ?? '',
    )
    expect(link, mail.text).not.toBeNull()
    expect(String(mail.html)).toContain(`${PUBLIC_URL}/${page}#${link![1]}`)
    return link![1]!
  }

  /** Every job queued so far has run. */
  const jobsSettled = () =>
    waitFor('the jobs to run', async () => {
      const open = await t()
        .ctx.db.selectFrom('jobs')
        .select('id')
        .where('done_at', 'is', null)
        .where('failed_at', 'is', null)
        .execute()
      return open.length === 0
    })

  return {
    post,
    mailsTo,
    jobsSettled,
    requestReset: (email: string, remoteAddress?: string) =>
      post('/v5/auth/password_reset', { email }, remoteAddress),
    confirmReset: (token: string, newPassword = NEW_PASSWORD) =>
      post('/v5/auth/password_reset/confirm', { token, new_password: newPassword }),
    /** Asks for a reset of `user`'s account and answers the token of the link mailed. */
    async resetToken(user: Pick<TestUser, 'username'>) {
      const to = emailOf(user)
      const before = mailsTo(to, 'Reset your Corkboard password').length
      expect((await post('/v5/auth/password_reset', { email: to })).statusCode).toBe(202)
      return tokenFromMail(to, 'Reset your Corkboard password', 'reset-password', before + 1)
    },
    tokenFromMail,
    login: (login: string, password: string) =>
      post('/v5/auth/login', { username_or_email: login, password }),
  }
}
