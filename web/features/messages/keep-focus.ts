import { focusTarget } from '../../ui/focus'

/** The title of the inbox row that has focus (the one being opened), to come back to. */
export function openedRow(): string | null {
  const row = document.activeElement?.closest?.('.inbox-item')
  return row?.querySelector('.inbox-title')?.textContent ?? null
}

/**
 * The Messages panel (and the phone's messages page) swaps the inbox for a conversation, and
 * back, under the keyboard's focus: the row or button that had it is gone. Focus stays in
 * `panel`: on the conversation's composer once it is there, or back on the inbox row it was
 * opened from. Does nothing when focus is still somewhere (a wide page keeps its inbox row).
 */
export function keepFocusIn(panel: HTMLElement, current: string | null, openedFrom: string | null) {
  const lost = () => {
    const active = document.activeElement
    // (hidden counts as lost: a phone's inbox hides under its focused row)
    return (
      !active ||
      active === document.body ||
      active === panel ||
      (active instanceof HTMLElement && active.getClientRects().length === 0)
    )
  }
  if (!lost()) return
  if (!current) {
    const rows = Array.from(panel.querySelectorAll<HTMLElement>('.inbox-item'))
    const row = rows.find((r) => r.querySelector('.inbox-title')?.textContent === openedFrom)
    ;(row ?? focusTarget(panel) ?? panel).focus()
    return
  }
  panel.focus()
  const toComposer = () => {
    const composer = panel.querySelector<HTMLElement>('.composer-input')
    if (!composer) return false
    if (lost()) composer.focus()
    return true
  }
  if (toComposer()) return
  // The conversation is still loading: focus the composer when it appears.
  const observer = new MutationObserver(() => {
    if (toComposer()) observer.disconnect()
  })
  observer.observe(panel, { childList: true, subtree: true })
  return () => observer.disconnect()
}
