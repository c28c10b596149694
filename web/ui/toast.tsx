import { X } from 'lucide-react'
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react'
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

/** Short confirmations ("Saved to Camping") in a polite live region at the bottom. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([])

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
      <div className="toasts" aria-live="polite">
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
