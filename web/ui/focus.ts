/** Keyboard focus helpers shared by the dialog, the popover and the menu. */
import type { KeyboardEvent as ReactKeyboardEvent } from 'react'

const TABBABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]',
  '[contenteditable="true"]',
].join(',')

const FIELD = [
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
].join(',')

function shown(el: HTMLElement): boolean {
  if (el.closest('[inert]')) return false
  if (typeof el.checkVisibility === 'function') {
    return el.checkVisibility({ visibilityProperty: true } as CheckVisibilityOptions)
  }
  return el.getClientRects().length > 0
}

/** The elements of `root` that Tab reaches, in document order. */
export function tabbables(root: ParentNode): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(TABBABLE)).filter(
    (el) => el.tabIndex >= 0 && shown(el),
  )
}

/** `el` itself when Tab reaches it, else the first element inside it that Tab reaches. */
export function focusTarget(el: HTMLElement | null): HTMLElement | null {
  if (!el) return null
  if (el.matches(TABBABLE) && el.tabIndex >= 0) return el
  return tabbables(el)[0] ?? null
}

/**
 * Where focus goes when a surface opens: an element marked `autofocus`/`data-autofocus`,
 * else the first text field or control, else the first thing Tab reaches in `fallback`.
 */
export function firstField(root: ParentNode, fallback: ParentNode[] = [root]): HTMLElement | null {
  const marked = root.querySelector<HTMLElement>('[autofocus], [data-autofocus]')
  if (marked && shown(marked)) return marked
  const field = Array.from(root.querySelectorAll<HTMLElement>(FIELD)).find(shown)
  if (field) return field
  for (const part of fallback) {
    const first = tabbables(part)[0]
    if (first) return first
  }
  return null
}

/**
 * Tab and Shift+Tab wrap inside `root` (a focus trap). Call from a keydown handler; answers
 * whether it moved focus.
 */
export function trapTab(event: KeyboardEvent | ReactKeyboardEvent, root: HTMLElement): boolean {
  if (event.key !== 'Tab') return false
  const items = tabbables(root)
  const first = items[0]
  const last = items[items.length - 1]
  if (!first || !last) {
    event.preventDefault()
    return true
  }
  const active = document.activeElement
  const inside = active instanceof Node && root.contains(active)
  if (event.shiftKey && (active === first || !inside)) {
    event.preventDefault()
    last.focus()
    return true
  }
  if (!event.shiftKey && (active === last || !inside)) {
    event.preventDefault()
    first.focus()
    return true
  }
  return false
}

/**
 * The element Tab would reach after `anchor` (and everything inside it), skipping `skip`;
 * within the open modal dialog when there is one (the rest of the page is inert then).
 */
export function nextTabbableAfter(
  anchor: HTMLElement,
  skip?: HTMLElement | null,
): HTMLElement | null {
  const scope = anchor.closest('dialog[open]') ?? document.body
  return (
    tabbables(scope).find(
      (el) =>
        !anchor.contains(el) &&
        !(skip && skip.contains(el)) &&
        Boolean(anchor.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING),
    ) ?? null
  )
}
