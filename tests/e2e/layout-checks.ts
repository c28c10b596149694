import { createRequire } from 'node:module'
import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

// Checks of what a person sees: boxes inside the viewport, nothing covering, where focus is.

/** The box of `locator` lies wholly inside the page's viewport. */
export async function expectInsideViewport(page: Page, locator: Locator, what: string) {
  const box = await locator.boundingBox()
  const vp = page.viewportSize()
  if (!box || !vp) throw new Error(`${what}: no box`)
  const where = `${what} at x ${box.x}…${box.x + box.width}, y ${box.y}…${box.y + box.height} in ${vp.width}×${vp.height}`
  expect(box.x, where).toBeGreaterThanOrEqual(0)
  expect(box.y, where).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width, where).toBeLessThanOrEqual(vp.width)
  expect(box.y + box.height, where).toBeLessThanOrEqual(vp.height)
}

/**
 * A board picker, open and listing the boards: one opened before they loaded says "Loading your
 * boards…" first, and is measured once they are in it.
 */
export async function pickerWithBoards(picker: Locator): Promise<void> {
  await picker.locator('.picker-item').first().waitFor()
}

/** How many of the picker's boards are on screen and not covered or clipped by anything. */
export function unobstructedBoards(picker: Locator): Promise<number> {
  return picker.evaluate(
    (root) =>
      Array.from(root.querySelectorAll<HTMLElement>('.picker-item')).filter((item) => {
        const r = item.getBoundingClientRect()
        const points = [
          [r.left + 4, r.top + 4],
          [r.right - 4, r.bottom - 4],
          [r.left + r.width / 2, r.top + r.height / 2],
        ]
        return points.every(([x, y]) => {
          const hit = document.elementFromPoint(x!, y!)
          return hit !== null && item.contains(hit)
        })
      }).length,
  )
}

/** Facts about the focused element, read in the page. */
export function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    return {
      tag: el?.tagName ?? '',
      label: el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '',
      inDialog: Boolean(el?.closest('dialog[open]')),
      inPanel: Boolean(el?.closest('.messages-panel')),
      isBody: el === document.body || el === null,
      inPopover: Boolean(el?.closest('[data-popover]')),
      role: el?.getAttribute('role') ?? '',
    }
  })
}

export function boxesOverlap(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/**
 * axe's serious and critical findings on the page as it is once its animations that end have
 * ended (a toast fading in is judged at its full colour) (its context bypasses the CSP).
 */
export async function expectAccessible(page: Page, what: string) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE })
  const findings = await page.evaluate(async () => {
    await Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    )
    const axe = (window as unknown as { axe: { run: (...a: unknown[]) => Promise<unknown> } }).axe
    const result = (await axe.run(document, { resultTypes: ['violations'] })) as {
      violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[]
    }
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`)
  })
  expect(findings, what).toEqual([])
}
