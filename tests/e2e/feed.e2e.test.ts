import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { callAs, corkboardSuite, makePng, shot, signUpPerson, type Person } from './harness'

const e2e = corkboardSuite()

const call = <T>(who: Person, method: string, path: string, body?: unknown) =>
  callAs<T>(e2e.server.url, who, method, path, body)

/** Someone signed up, past first sign-in's suggestions (when the instance has them). */
async function person(username: string, width?: number, height?: number) {
  const p = await signUpPerson(e2e.browser, e2e.server.url, username, width, height)
  await call(p, 'POST', '/v5/onboarding/complete', {}).catch(() => undefined)
  return p
}

const TENT = 'Storm-proof ridge tent'

/** The home feed's cards that show `title`. */
const cardsTitled = (page: Page, title: string) =>
  page
    .getByRole('list', { name: 'Home feed' })
    .getByRole('listitem')
    .filter({ has: page.locator('.pin-card-title', { hasText: title }) })

describe('Home feed in Chromium: one card per original pin', () => {
  it('a pin saved by three followed people is one card, "Saved by cid and 2 others", at both widths', async () => {
    const [vic, ann, ben, cid, dee] = [
      await person('vic', 1366, 900),
      await person('ann'),
      await person('ben'),
      await person('cid'),
      await person('dee'),
    ]
    const png = readFileSync(await makePng(e2e.files)).toString('base64')
    let boards = 0
    const boardOf = async (who: Person) =>
      (await call<{ id: string }>(who, 'POST', '/v5/boards', { name: `Camping ${++boards}` })).id
    const pin = async (who: Person, title: string) =>
      call<{ id: string }>(who, 'POST', '/v5/pins', {
        board_id: await boardOf(who),
        title,
        media_source: { source_type: 'image_base64', content_type: 'image/png', data: png },
      })
    const save = async (who: Person, pinId: string) =>
      call<{ id: string }>(who, 'POST', `/v5/pins/${pinId}/save`, { board_id: await boardOf(who) })

    // Dee (whom Vic does not follow) made the tent pin; Ann and Ben saved it, Cid saved Ann's save.
    const original = await pin(dee, TENT)
    await pin(ann, 'Lentil soup with lemon')
    const annSave = await save(ann, original.id)
    await save(ben, original.id)
    await save(cid, annSave.id)
    for (const name of ['ann', 'ben', 'cid']) {
      await call(vic, 'POST', `/v5/user_account/following/${name}`)
    }

    const v = vic.page
    await v.goto(`${e2e.server.url}/`)
    await cardsTitled(v, 'Lentil soup with lemon').waitFor()
    // One card, showing Dee's original, however many saves the network holds.
    await expect.poll(() => cardsTitled(v, TENT).count()).toBe(1)
    const card = cardsTitled(v, TENT)
    await expect
      .poll(() => card.locator('.pin-card-link').getAttribute('href'))
      .toBe(`/pin/${original.id}`)
    await expect.poll(() => card.locator('.saved-by').innerText()).toBe('Saved by cid and 2 others')
    await card.getByRole('link', { name: 'cid' }).waitFor()
    // By keyboard: from the card's picture, Tab reaches cid's name (past the card's own buttons).
    await card.locator('.pin-card-link').focus()
    const focused = () => v.evaluate(() => document.activeElement?.textContent ?? '')
    for (let i = 0; i < 4 && (await focused()) !== 'cid'; i++) await v.keyboard.press('Tab')
    expect(await focused()).toBe('cid')
    await shot(v, 'feed-01-one-card-desktop')

    // Vic saves it too: still one card, and Vic is "You", first.
    await save(vic, original.id)
    await v.reload()
    await cardsTitled(v, TENT).first().waitFor()
    await expect.poll(() => cardsTitled(v, TENT).count()).toBe(1)
    await expect
      .poll(() => cardsTitled(v, TENT).locator('.saved-by').innerText())
      .toBe('Saved by You and 3 others')

    // At phone width: still one card, and the line fits inside it.
    await v.setViewportSize({ width: 390, height: 844 })
    await v.reload()
    await cardsTitled(v, TENT).first().waitFor()
    expect(await cardsTitled(v, TENT).count()).toBe(1)
    const box = await cardsTitled(v, TENT).locator('.saved-by').boundingBox()
    expect(box).not.toBeNull()
    const cardBox = await cardsTitled(v, TENT).boundingBox()
    expect(box!.x + box!.width).toBeLessThanOrEqual(cardBox!.x + cardBox!.width + 1)
    await shot(v, 'feed-02-one-card-phone')
  })
})
