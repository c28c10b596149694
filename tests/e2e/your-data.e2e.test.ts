import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import yauzl from 'yauzl'
import {
  callAs,
  corkboardSuite,
  mailIn,
  PASSWORD,
  shot,
  skipOnboarding,
  type Person,
} from './harness'
import { expectAccessible, expectInsideViewport, focused } from './layout-checks'

/**
 * Issue 15, your data, in Chromium at a laptop's and a phone's width: Settings → Your data,
 * ask for an export, see it become ready (the job runs in the server), download the ZIP; then
 * delete the account with its password, land signed out, log-in refused; the other member of
 * a conversation still reads the messages, from "Deleted account".
 */
const e2e = corkboardSuite()

/** The names of a ZIP's entries, and account.json's content. */
function zipEntries(data: Buffer): Promise<{ names: string[]; account: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(data, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'))
      const names: string[] = []
      let account: Record<string, unknown> = {}
      zip.on('error', reject)
      zip.on('end', () => resolve({ names, account }))
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName)
        if (entry.fileName !== 'account.json') return zip.readEntry()
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'))
          const parts: Buffer[] = []
          stream.on('data', (c: Buffer) => parts.push(c))
          stream.on('end', () => {
            account = JSON.parse(Buffer.concat(parts).toString('utf8'))
            zip.readEntry()
          })
        })
      })
      zip.readEntry()
    })
  })
}

/** Someone signed up over the API, in a context that lets axe in (it bypasses the CSP). */
async function signUpPerson(username: string, width: number, height: number): Promise<Person> {
  const context = await e2e.browser.newContext({ viewport: { width, height }, bypassCSP: true })
  const page = await context.newPage()
  const res = await context.request.post(`${e2e.server.url}/v5/auth/signup`, {
    data: { username, email: `${username}@example.test`, password: PASSWORD },
  })
  if (res.status() !== 201) throw new Error(`sign-up ${username}: ${await res.text()}`)
  const { csrf_token } = (await res.json()) as { csrf_token: string }
  await skipOnboarding(e2e.server.url, context.request, csrf_token)
  return { username, context, page, request: context.request, csrf: csrf_token }
}

const VIEWPORTS = [
  { name: 'laptop', width: 1366, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const

describe('Your data in Chromium', () => {
  for (const vp of VIEWPORTS) {
    it(`${vp.name} (${vp.width}×${vp.height}): export, download, delete the account`, async () => {
      const url = e2e.server.url
      const who = `rue_${vp.name}`
      const rue = await signUpPerson(who, vp.width, vp.height)
      const friend = await signUpPerson(`fen_${vp.name}`, 1366, 900)
      // something to export, and a conversation that outlives her account
      const board = await callAs<{ id: string }>(url, rue, 'POST', '/v5/boards', {
        name: 'Kitchen ideas',
        privacy: 'PUBLIC',
      })
      await callAs(url, rue, 'POST', `/v5/user_account/following/${friend.username}`)
      await callAs(url, friend, 'POST', `/v5/user_account/following/${rue.username}`)
      const conversation = await callAs<{ id: string }>(url, rue, 'POST', '/v5/conversations', {
        participants: [friend.username],
      })
      await callAs(url, rue, 'POST', `/v5/conversations/${conversation.id}/messages`, {
        client_message_id: 'bye-1',
        text: 'Moving on, keep the board ideas!',
      })

      const p = rue.page
      await p.goto(`${url}/settings`)
      await p.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
      await p.getByRole('link', { name: 'Your data' }).click()
      await p.getByRole('heading', { name: 'Download your data' }).waitFor()
      expect(p.url()).toBe(`${url}/settings/data`)
      const request = p.getByRole('button', { name: 'Request a download' })
      await request.scrollIntoViewIfNeeded()
      await expectInsideViewport(p, request, 'Request a download')
      await shot(p, `yd01-your-data-${vp.name}`, true)
      await expectAccessible(p, `your data (${vp.name})`)

      // by keyboard: focus the button, Enter
      await request.focus()
      await p.keyboard.press('Enter')
      await p.getByText('Your export is being prepared.').waitFor()
      const download = p.getByRole('link', { name: /^Download/ })
      await download.waitFor({ timeout: 20_000 })
      await p.getByText(/^Ready ·/).waitFor()
      // one at a time: the button waits while one is being made; now it is ready, it is free
      await shot(p, `yd02-export-ready-${vp.name}`, true)
      await expectAccessible(p, `export ready (${vp.name})`)

      const [file] = await Promise.all([p.waitForEvent('download'), download.click()])
      expect(file.suggestedFilename()).toMatch(/^corkboard-data-\d{4}-\d{2}-\d{2}-\d+\.zip$/)
      const saved = join(e2e.files, `${vp.name}.zip`)
      await file.saveAs(saved)
      const zip = await zipEntries(await readFile(saved))
      expect(zip.names).toEqual(
        expect.arrayContaining([
          'README.txt',
          'account.json',
          'boards.json',
          'pins.json',
          `conversations/${conversation.id}.json`,
        ]),
      )
      expect(zip.account).toMatchObject({ username: who, email: `${who}@example.test` })
      const mail = await mailIn(url, 'the export mail', (m) => m.to === `${who}@example.test`)
      expect(mail.subject).toBe('Your Corkboard data is ready to download')
      expect(board.id).toBeTruthy()

      // deleting: the dialog takes the password; a wrong one is refused in place
      const del = p.getByRole('button', { name: 'Delete account…' })
      await del.scrollIntoViewIfNeeded()
      await del.focus()
      await p.keyboard.press('Enter')
      const dialog = p.getByRole('dialog', { name: 'Delete your account?' })
      const password = dialog.getByLabel('Your password')
      await password.waitFor()
      // the dialog opens on its one field
      expect(await password.evaluate((el) => el === document.activeElement)).toBe(true)
      expect((await focused(p)).inDialog).toBe(true)
      await expectInsideViewport(p, dialog, 'the delete dialog')
      await p.keyboard.type('not the password')
      await p.keyboard.press('Enter')
      await dialog.getByText('That password is not right.').waitFor()
      await shot(p, `yd03-delete-wrong-password-${vp.name}`)
      await expectAccessible(p, `delete dialog (${vp.name})`)
      await password.fill(PASSWORD)
      await dialog.getByRole('button', { name: 'Delete my account' }).click()

      // signed out, on the log-in page
      await p.getByRole('button', { name: 'Log in' }).waitFor()
      expect(new URL(p.url()).pathname).toBe('/login')
      await p.getByText('Your account was deleted.').waitFor()
      await shot(p, `yd04-deleted-signed-out-${vp.name}`)
      const session = await rue.request.get(`${url}/v5/auth/session`)
      expect(session.status()).toBe(401)

      // log-in refused
      await p.getByLabel('Username or email').fill(who)
      await p.getByLabel('Password', { exact: true }).fill(PASSWORD)
      await p.getByRole('button', { name: 'Log in' }).click()
      await p.locator('.form-error[role=alert]').filter({ hasText: /./ }).waitFor()
      expect(new URL(p.url()).pathname).toBe('/login')
      expect((await rue.request.get(`${url}/v5/auth/session`)).status()).toBe(401)

      // her friend still reads the message, from "Deleted account"
      const f = friend.page
      await f.goto(`${url}/messages/${conversation.id}`)
      await f.getByText('Moving on, keep the board ideas!').first().waitFor()
      await f.getByText('Deleted account', { exact: true }).first().waitFor()
      await shot(f, `yd05-friend-sees-deleted-account-${vp.name}`)
      await rue.context.close()
      await friend.context.close()
    })
  }
})
