import { describe, expect, it } from 'vitest'
import { corkboardSuite, mailIn, PASSWORD, shot, signUpPerson } from './harness'
import { expectAccessible } from './layout-checks'

/**
 * Issue 14, item 6 in Chromium: forgot password → the mail → the reset page → signed in with
 * the new password, the old session gone; changing the email address waits for its link.
 */
const e2e = corkboardSuite()
const NEW_PASSWORD = 'quiet lantern orchard 42'

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The link of the newest mail to `to` whose link opens `page`. */
async function linkIn(to: string, page: string): Promise<string> {
  const link = new RegExp(`${escape(e2e.server.url)}/${page}#\\S+`)
  const mail = await mailIn(e2e.server.url, `${page} mail to ${to}`, (m) => {
    return m.to === to && link.test(m.text)
  })
  return mail.text.match(link)![0]
}

describe('Account recovery in Chromium', () => {
  it('forgot password: the mailed link resets it, signs in, and the old session is gone', async () => {
    const url = e2e.server.url
    // Rosa is signed in on her laptop, home feed open
    const laptop = await signUpPerson(e2e.browser, url, 'rosa', 1366, 900)
    await laptop.page.goto(url)
    await laptop.page.getByRole('button', { name: 'Your account' }).waitFor()

    // On her phone, she has forgotten the password
    const phone = await e2e.browser.newContext({
      viewport: { width: 390, height: 844 },
      bypassCSP: true,
    })
    const p = await phone.newPage()
    await p.goto(`${url}/login`)
    await p.getByLabel('Username or email').fill('rosa@example.test')
    await p.getByRole('link', { name: 'Forgot password?' }).click()
    await p.getByRole('heading', { name: 'Reset your password' }).waitFor()
    const email = p.getByLabel('Email')
    // what was typed on the log-in page comes along, and the field has focus
    expect(await email.inputValue()).toBe('rosa@example.test')
    expect(await email.evaluate((el) => el === document.activeElement)).toBe(true)
    await shot(p, 'r01-forgot-password-phone')
    await expectAccessible(p, 'forgot password')
    await email.press('Enter')
    await p.getByRole('heading', { name: 'Check your email' }).waitFor()
    await p.getByText('If rosa@example.test belongs to a Corkboard account').waitFor()
    await shot(p, 'r02-check-your-email-phone')
    await expectAccessible(p, 'check your email')

    const link = await linkIn('rosa@example.test', 'reset-password')
    await p.goto(link)
    await p.getByRole('heading', { name: 'Choose a new password' }).waitFor()
    // the token leaves the address bar once read
    expect(p.url()).toBe(`${url}/reset-password`)
    // the first field has focus: typed, Tab, typed, Enter
    const first = p.getByLabel('New password', { exact: true })
    expect(await first.evaluate((el) => el === document.activeElement)).toBe(true)
    await p.keyboard.type(NEW_PASSWORD)
    await p.keyboard.press('Tab')
    await p.keyboard.type(NEW_PASSWORD)
    await shot(p, 'r03-choose-new-password-phone')
    await expectAccessible(p, 'choose a new password')
    await p.keyboard.press('Enter')
    await p.waitForURL(`${url}/`)
    await p.getByRole('button', { name: 'Your account' }).waitFor()
    await p.getByText('Every other session and access token was ended').waitFor()
    await shot(p, 'r04-signed-in-after-reset-phone')

    // the laptop's session is gone: its next request is refused, a reload lands on log-in
    const me = await laptop.request.get(`${url}/v5/user_account`)
    expect(me.status()).toBe(401)
    await laptop.page.reload()
    await laptop.page.getByRole('heading', { name: 'Welcome back' }).waitFor()
    await shot(laptop.page, 'r05-login-after-reset-desktop')
    await laptop.page.getByRole('link', { name: 'Forgot password?' }).click()
    await laptop.page.getByRole('heading', { name: 'Reset your password' }).waitFor()
    await shot(laptop.page, 'r05b-forgot-password-desktop')
    await laptop.page.goBack()
    await laptop.page.getByRole('heading', { name: 'Welcome back' }).waitFor()

    // the link worked once
    await p.goto(link)
    await p.getByLabel('New password', { exact: true }).fill('another orchard lantern 9')
    await p.getByLabel('Confirm new password').fill('another orchard lantern 9')
    await p.getByRole('button', { name: 'Change password and log in' }).click()
    await p.getByRole('heading', { name: 'This link does not work' }).waitFor()
    await p.getByText('This reset link was used already').waitFor()

    // the laptop logs in with the new password only
    const l = laptop.page
    await l.getByLabel('Username or email').fill('rosa')
    await l.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await l.getByRole('button', { name: 'Log in' }).click()
    await l.getByText('Wrong username or password.').waitFor()
    await l.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD)
    await l.getByRole('button', { name: 'Log in' }).click()
    await l.getByRole('button', { name: 'Your account' }).waitFor()
    await phone.close()
    await laptop.context.close()
  })

  it('a new email address waits for the link mailed to it; settings say so', async () => {
    const url = e2e.server.url
    const sam = await e2e.browser.newContext({
      viewport: { width: 1366, height: 900 },
      bypassCSP: true,
    })
    const signup = await sam.request.post(`${url}/v5/auth/signup`, {
      data: { username: 'sam', email: 'sam@example.test', password: PASSWORD },
    })
    expect(signup.status()).toBe(201)
    const s = await sam.newPage()
    await s.goto(`${url}/settings/email`)
    await s.getByRole('heading', { name: 'Email address' }).waitFor()
    await s.getByLabel('New email address').fill('sam.new@example.test')
    await s.getByLabel('Current password').fill(PASSWORD)
    await s.getByRole('button', { name: 'Send confirmation link' }).click()
    const status = s.locator('.email-pending')
    await status.getByText('Confirmation sent to sam.new@example.test').waitFor()
    await shot(s, 'r06-email-confirmation-sent')
    await expectAccessible(s, 'settings: email')
    // still pending after a reload
    await s.reload()
    await status.getByText('Confirmation sent to sam.new@example.test').waitFor()

    const link = await linkIn('sam.new@example.test', 'confirm-email')
    await s.goto(link)
    await s.getByRole('heading', { name: 'Confirm your email address' }).waitFor()
    await s.getByRole('button', { name: 'Confirm this address' }).click()
    await s.getByRole('heading', { name: 'Email address confirmed' }).waitFor()
    await shot(s, 'r07-email-confirmed')
    await expectAccessible(s, 'email confirmed')
    await s.getByRole('link', { name: 'Back to settings' }).click()
    await s.getByText('Your address is sam.new@example.test').waitFor()
    expect(await status.count()).toBe(0)
    await sam.close()
  })
})
