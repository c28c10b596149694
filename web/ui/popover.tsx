import {
  autoUpdate,
  flip,
  hide,
  offset,
  shift,
  size,
  useFloating,
  type Middleware,
  type Placement,
} from '@floating-ui/react-dom'
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useState,
  type HTMLAttributes,
  type KeyboardEvent,
  type ReactNode,
  type Ref,
} from 'react'
import { createPortal } from 'react-dom'
import { focusTarget, nextTabbableAfter, tabbables } from './focus'

/** Keeps this far from the viewport's edges. */
const EDGE = 8

/**
 * Places the popover by the height of all it holds, not by the height the last placement let
 * it have: one that opened small (its boards still loading) and grew would otherwise be
 * measured at that old limit, fit where it was, and show two boards in a scrolling box
 * instead of flipping to where they all fit. The DOM is left alone (a list scrolled inside
 * the popover stays where it is); `size` then limits it again and measures it afresh.
 */
const wholeHeight: Middleware = {
  name: 'wholeHeight',
  fn({ rects, elements: { floating }, middlewareData }) {
    const hidden = floating.scrollHeight - floating.clientHeight
    // once per placement: after its own reset (or `size`'s) it has run (Floating UI keeps
    // each middleware's data across resets), and the limited height is then the one to use
    if (middlewareData.wholeHeight || hidden <= 0) return {}
    const whole = { ...rects.floating, height: rects.floating.height + hidden }
    return { data: { hidden }, reset: { rects: { ...rects, floating: whole } } }
  },
}

export type PopoverCloseReason = 'escape' | 'outside' | 'focus-out' | 'tab'

interface PopoverProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** what it opens from; by default the element the popover is written in */
  anchor?: HTMLElement | null
  placement?: Placement
  /**
   * Escape, a press outside, focus leaving: the owner closes it (by unmounting it). May be
   * called twice for one gesture (Tab out is also focus leaving): make it idempotent.
   */
  onClose: (reason: PopoverCloseReason) => void
  /**
   * `menu`: Tab always leaves (and closes) it, as in a menu; `dialog` (default): Tab moves
   * through it and leaves it past its first or last element.
   */
  tabbing?: 'menu' | 'dialog'
  ref?: Ref<HTMLDivElement>
  children: ReactNode
}

/**
 * A floating surface (board picker, menu) tied to an anchor: positioned by Floating UI
 * (flip, shift, size, kept up to date on scroll and resize) inside the viewport at any width,
 * rendered into document.body (or the open modal dialog) so no scrolling list clips it.
 * Escape closes it and gives focus back to the anchor; so does a press outside it, or focus
 * moving somewhere else; Tab past its ends goes on from the anchor, as if it sat there.
 */
export function Popover({
  anchor,
  placement = 'bottom-start',
  onClose,
  tabbing = 'dialog',
  className,
  style,
  onKeyDown,
  onBlur,
  ref,
  children,
  ...rest
}: PopoverProps) {
  const [marker, setMarker] = useState<HTMLSpanElement | null>(null)
  const reference = anchor ?? marker?.parentElement ?? null
  const container = reference ? (reference.closest('dialog[open]') ?? document.body) : null

  const { refs, floatingStyles, isPositioned, elements, middlewareData } = useFloating({
    placement,
    strategy: 'fixed',
    elements: { reference },
    whileElementsMounted: autoUpdate,
    middleware: [
      wholeHeight,
      offset(6),
      flip({ padding: EDGE }),
      shift({ padding: EDGE }),
      size({
        padding: EDGE,
        apply({ availableWidth, availableHeight, elements: { floating } }) {
          floating.style.maxWidth = `${Math.max(160, availableWidth)}px`
          floating.style.maxHeight = `${Math.max(120, availableHeight)}px`
        },
      }),
      // its anchor scrolled out of its list (a message card): out of sight with it
      hide({ strategy: 'referenceHidden' }),
    ],
  })
  const floating = elements.floating
  const setFloating = refs.setFloating
  const floatingRef = useCallback(
    (node: HTMLDivElement | null) => {
      setFloating(node)
      if (typeof ref === 'function') ref(node)
      else if (ref) ref.current = node
    },
    [setFloating, ref],
  )

  // A press outside both the popover and its anchor closes it (the anchor's own button
  // toggles it).
  useEffect(() => {
    if (!floating || !reference) return
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node
      if (floating.contains(target) || reference.contains(target)) return
      onClose('outside')
    }
    document.addEventListener('pointerdown', onPointer)
    return () => document.removeEventListener('pointerdown', onPointer)
  }, [floating, reference, onClose])

  // Closing while focus is inside: focus goes back to the anchor, not to the page's start.
  useLayoutEffect(() => {
    if (!floating || !reference) return
    return () => {
      const active = document.activeElement
      if (!(active instanceof Node) || !floating.contains(active)) return
      queueMicrotask(() => {
        if (!document.activeElement || document.activeElement === document.body) {
          focusTarget(reference)?.focus()
        }
      })
    }
  }, [floating, reference])

  const handleKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    onKeyDown?.(event)
    if (event.defaultPrevented || !floating || !reference) return
    if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      focusTarget(reference)?.focus()
      onClose('escape')
      return
    }
    if (event.key !== 'Tab') return
    const items = tabbables(floating)
    const leaving =
      tabbing === 'menu' ||
      (event.shiftKey
        ? document.activeElement === items[0]
        : document.activeElement === items.at(-1))
    if (!leaving) return
    // The popover lives at the end of the page: Tab goes on from where it opened instead.
    event.preventDefault()
    const next = event.shiftKey ? focusTarget(reference) : nextTabbableAfter(reference, floating)
    next?.focus()
    onClose('tab')
  }

  return (
    <>
      {anchor === undefined && <span ref={setMarker} hidden />}
      {container &&
        createPortal(
          <div
            ref={floatingRef}
            className={`popover${className ? ` ${className}` : ''}`}
            data-popover=""
            style={{
              ...style,
              ...floatingStyles,
              opacity: isPositioned ? undefined : 0,
              visibility: middlewareData.hide?.referenceHidden ? 'hidden' : undefined,
            }}
            onKeyDown={handleKeyDown}
            onBlur={(event) => {
              onBlur?.(event)
              const to = event.relatedTarget
              // Focus moving to another element outside (not merely to nowhere, as a press on
              // the popover's own text does) closes it.
              if (to instanceof Node && !event.currentTarget.contains(to)) {
                if (!reference?.contains(to)) onClose('focus-out')
              }
            }}
            {...rest}
          >
            {children}
          </div>,
          container,
        )}
    </>
  )
}
