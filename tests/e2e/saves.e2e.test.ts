import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  callAs,
  corkboardSuite,
  holdBoards,
  makePng,
  shot,
  signUpPerson,
  type Person,
} from './harness'

/**
 * Saved state in Chromium, at a desktop and a phone size: a save survives a reload, the picker
 * marks the board that holds the pin, saving there again makes no duplicate, and the save count
 * moves live on a close-up someone else has open.
 */
const e2e = corkboardSuite()

const call = <T>(who: Person, method: string, path: string, body?: unknown) =>
  callAs<T>(e2e.server.url, who, method, path, body)

/** The close-up's "Saves" figure. */
const saves = (page: Page) =>
  page.locator('.closeup-stats > div').filter({ hasText: 'Saves' }).locator('dd').textContent()

const SIZES = [
  { name: 'desktop', width: 1366, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const

describe('Saved state in Chromium', () => {
  for (const size of SIZES) {
    it(`${size.name} ${size.width}×${size.height}: save, reload, still Saved; the picker marks the board; no duplicate; live count`, async () => {
      const tag = size.name.slice(0, 1)
      const maker = await signUpPerson(e2e.browser, e2e.server.url, `maker${tag}`, 1366, 900)
      const saver = await signUpPerson(
        e2e.browser,
        e2e.server.url,
        `saver${tag}`,
        size.width,
        size.height,
      )
      const board = await call<{ id: string }>(maker, 'POST', '/v5/boards', { name: 'Lanterns' })
      const png = readFileSync(await makePng(e2e.files)).toString('base64')
      const pin = await call<{ id: string }>(maker, 'POST', '/v5/pins', {
        board_id: board.id,
        title: 'Paper lantern over the porch',
        media_source: { source_type: 'image_base64', content_type: 'image/png', data: png },
      })
      const camping = await call<{ id: string }>(saver, 'POST', '/v5/boards', { name: 'Camping' })
      await call(saver, 'POST', '/v5/boards', { name: 'Kitchen' })

      // The maker watches her close-up; the saver opens the same pin.
      const m = maker.page
      await m.goto(`${e2e.server.url}/pin/${pin.id}`)
      await m.getByRole('heading', { name: 'Paper lantern over the porch' }).waitFor()
      expect(await saves(m)).toBe('0')
      const s = saver.page
      await s.goto(`${e2e.server.url}/pin/${pin.id}`)
      await s.getByRole('heading', { name: 'Paper lantern over the porch' }).waitFor()
      const saveButton = s.getByRole('button', { name: 'Save', exact: true })
      await saveButton.waitFor()

      // Save to Camping from the picker.
      await s.getByRole('button', { name: /^Choose a board/ }).click()
      const picker = s.getByRole('dialog', { name: 'Save to board' })
      await picker.getByRole('button', { name: /^Camping/ }).click()
      await s.getByText('Saved to Camping').first().waitFor()
      await s.getByRole('button', { name: 'Saved to Camping' }).waitFor()
      await shot(s, `saves-${size.name}-01-saved`)
      // …and the count moves on both close-ups, the maker's without a reload.
      await expect.poll(() => saves(s)).toBe('1')
      await expect.poll(() => saves(m)).toBe('1')

      // After a reload it still says Saved, and the picker marks Camping (only).
      await s.reload()
      const saved = s.getByRole('button', { name: 'Saved to Camping' })
      await saved.waitFor()
      expect(await saved.textContent()).toBe('Saved')
      await saved.click()
      await picker.waitFor()
      const held = picker.getByRole('button', { name: /^Camping/ })
      expect(await held.textContent()).toContain('Saved')
      expect(await picker.getByRole('button', { name: /^Kitchen/ }).textContent()).not.toContain(
        'Saved',
      )
      await shot(s, `saves-${size.name}-02-picker-marks-board`)

      // Saving into Camping again changes nothing: no second pin, no count.
      await held.click()
      await s.getByText('Already saved to Camping').first().waitFor()
      const onCamping = await call<{ items: { id: string }[] }>(
        saver,
        'GET',
        `/v5/boards/${camping.id}/pins`,
      )
      expect(onCamping.items).toHaveLength(1)
      expect(await saves(s)).toBe('1')
      expect(
        (await call<{ save_count: number }>(maker, 'GET', `/v5/pins/${pin.id}`)).save_count,
      ).toBe(1)

      // The pin on the maker's board says Saved to the saver too (a grid card, hovered).
      if (size.name === 'desktop') {
        await s.goto(`${e2e.server.url}/u/${maker.username}`)
        const card = s.getByRole('article').filter({ hasText: 'Paper lantern over the porch' })
        await card.first().hover()
        await card.first().getByRole('button', { name: 'Saved to Camping' }).waitFor()
        await shot(s, `saves-${size.name}-03-card-saved`)
      }
      await maker.context.close()
      await saver.context.close()
    })
  }

  it('a picker opened while the boards load lists them once they come, not a form for a first board', async () => {
    const person = await signUpPerson(e2e.browser, e2e.server.url, 'early')
    await call(person, 'POST', '/v5/boards', { name: 'Porch' })
    const png = readFileSync(await makePng(e2e.files)).toString('base64')
    const pin = await call<{ id: string }>(person, 'POST', '/v5/pins', {
      board_id: (await call<{ id: string }>(person, 'POST', '/v5/boards', { name: 'Lamps' })).id,
      title: 'Brass lamp',
      media_source: { source_type: 'image_base64', content_type: 'image/png', data: png },
    })
    // The list of one's boards is held back until the picker is open (a slow network).
    const p = person.page
    const release = await holdBoards(p)
    await p.goto(`${e2e.server.url}/pin/${pin.id}`)
    await p.getByRole('button', { name: 'Boards…' }).click()
    const picker = p.getByRole('dialog', { name: 'Save to board' })
    await picker.getByRole('status').filter({ hasText: 'Loading your boards' }).waitFor()
    await shot(p, 'saves-picker-while-boards-load')
    await release()
    await picker.getByRole('button', { name: /^Porch/ }).waitFor()
    await expect(picker.getByRole('status').count()).resolves.toBe(0)
    expect(await p.getByRole('dialog', { name: 'Create board' }).count()).toBe(0)
    await person.context.close()
  })
})
