import { X } from 'lucide-react'
import {
  createContext,
  useCallback,
  useContext,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react'
import { Link } from 'react-router-dom'

interface Toast {
  id: number
  text: string
  link?: { label: string; to: string }
  tone: 'info' | 'error'
}

interface ToastApi {
  show: (text: string, options?: { link?: Toast['link']; tone?: Toast['tone'] }) => void
}

const ToastContext = createContext<ToastApi>({ show: () => {} })

export function useToast(): ToastApi {
  return useContext(ToastContext)
}

let nextId = 1

/** What toasts never cover: elements marked `data-toast-avoid` (a conversation's composer). */
const AVOID = '[data-toast-avoid]'
const GAP = 12

/**
 * Lifts the toasts above whatever marked element they would cover (bottom-centred by CSS):
 * the "Saved" toast after a save from a message card sits above the composer, not on it.
 */
function placeToasts(box: HTMLElement) {
  box.style.bottom = ''
  const own = box.getBoundingClientRect()
  if (own.height === 0) return
  let bottom = 0
  for (const el of document.querySelectorAll<HTMLElement>(AVOID)) {
    const r = el.getBoundingClientRect()
    const overlaps =
      r.width > 0 &&
      r.left < own.right &&
      r.right > own.left &&
      r.top < own.bottom + GAP &&
      r.bottom > own.top
    if (overlaps) bottom = Math.max(bottom, window.innerHeight - r.top + GAP)
  }
  if (bottom > 0) box.style.bottom = `${bottom}px`
}

/**
 * Short confirmations ("Saved to Camping") in a polite live region at the bottom, above the
 * composer when a conversation is open there.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([])
  const boxRef = useRef<HTMLDivElement>(null)

  useLayoutEffect(() => {
    const box = boxRef.current
    if (!box || toasts.length === 0) return
    const place = () => placeToasts(box)
    place()
    window.addEventListener('resize', place)
    const observer = new ResizeObserver(place)
    for (const el of document.querySelectorAll(AVOID)) observer.observe(el)
    return () => {
      window.removeEventListener('resize', place)
      observer.disconnect()
    }
  }, [toasts])

  const dismiss = useCallback((id: number) => {
    setToasts((list) => list.filter((t) => t.id !== id))
  }, [])

  const show = useCallback<ToastApi['show']>(
    (text, options) => {
      const toast: Toast = {
        id: nextId++,
        text,
        link: options?.link,
        tone: options?.tone ?? 'info',
      }
      setToasts((list) => [...list.slice(-2), toast])
      window.setTimeout(() => dismiss(toast.id), 5000)
    },
    [dismiss],
  )

  const value = useMemo(() => ({ show }), [show])
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toasts" aria-live="polite" ref={boxRef}>
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.tone}`}>
            <span>{toast.text}</span>
            {toast.link && (
              <Link className="toast-link" to={toast.link.to}>
                {toast.link.label}
              </Link>
            )}
            <button className="toast-close" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
              <X size={16} />
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  )
}
