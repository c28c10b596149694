import { X } from 'lucide-react'
import { useEffect, useId, useRef, type ReactNode } from 'react'
import { IconButton } from './button'
import { firstField, trapTab } from './focus'

interface DialogProps {
  open: boolean
  onClose: () => void
  title: string
  children: ReactNode
  footer?: ReactNode
  size?: 'sm' | 'md' | 'lg'
}

/**
 * A modal on the native <dialog>. It opens with focus on its first field (or an element
 * marked `data-autofocus`; never on ✕ unless nothing else can take it), keeps Tab inside,
 * closes on Esc and on the backdrop, and gives focus back to what opened it.
 */
export function Dialog({ open, onClose, title, children, footer, size = 'md' }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (open && !dialog.open) {
      const active = document.activeElement
      openers.set(dialog, active instanceof HTMLElement && active !== document.body ? active : null)
      dialog.showModal()
      const content = dialog.querySelector<HTMLElement>('.dialog-content')
      const foot = dialog.querySelector<HTMLElement>('.dialog-footer')
      const parts = [content, foot, dialog].filter((p): p is HTMLElement => p !== null)
      firstField(content ?? dialog, parts)?.focus()
    }
    if (!open && dialog.open) {
      dialog.close()
      giveFocusBack(dialog)
    }
  }, [open])

  // Unmounted while open (its page went away): focus still goes back.
  useEffect(() => {
    const dialog = ref.current
    return () => {
      if (dialog?.open) giveFocusBack(dialog)
    }
  }, [])

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    const onCancel = (event: Event) => {
      event.preventDefault()
      onClose()
    }
    dialog.addEventListener('cancel', onCancel)
    return () => dialog.removeEventListener('cancel', onCancel)
  }, [onClose])

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${size}`}
      aria-labelledby={titleId}
      onClick={(event) => {
        if (event.target === ref.current) onClose()
      }}
      onKeyDown={(event) => {
        if (event.defaultPrevented || !ref.current) return
        if (event.key === 'Escape') {
          // Chromium skips the cancel event when nothing was clicked since the last Esc.
          event.preventDefault()
          onClose()
        } else {
          trapTab(event, ref.current)
        }
      }}
    >
      {open && (
        <div className="dialog-body">
          <header className="dialog-header">
            <h2 id={titleId}>{title}</h2>
            <IconButton label="Close" onClick={onClose}>
              <X size={22} />
            </IconButton>
          </header>
          <div className="dialog-content">{children}</div>
          {footer && <footer className="dialog-footer">{footer}</footer>}
        </div>
      )}
    </dialog>
  )
}

/** What had focus when each open dialog opened. */
const openers = new WeakMap<HTMLDialogElement, HTMLElement | null>()

/** Focus back on the opener, unless something else on the page has taken it meanwhile. */
function giveFocusBack(dialog: HTMLDialogElement) {
  const opener = openers.get(dialog)
  openers.delete(dialog)
  const active = document.activeElement
  const stray = !active || active === document.body || dialog.contains(active)
  if (stray && opener?.isConnected) opener.focus()
}
