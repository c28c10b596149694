import { AlertCircle, RotateCw } from 'lucide-react'
import type { ReactNode } from 'react'
import { Button } from './button'

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="spinner-wrap" role="status">
      <span className="spinner" aria-hidden="true" />
      <span className="visually-hidden">{label}</span>
    </div>
  )
}

interface EmptyStateProps {
  icon?: ReactNode
  title: string
  children?: ReactNode
  action?: ReactNode
}

export function EmptyState({ icon, title, children, action }: EmptyStateProps) {
  return (
    <div className="empty-state">
      {icon && <div className="empty-icon">{icon}</div>}
      <h2>{title}</h2>
      {children && <p>{children}</p>}
      {action && <div className="empty-action">{action}</div>}
    </div>
  )
}

interface ErrorStateProps {
  message: string | null
  onRetry?: () => void
  title?: string
}

export function ErrorState({ message, onRetry, title = 'Something went wrong' }: ErrorStateProps) {
  return (
    <div className="empty-state" role="alert">
      <div className="empty-icon empty-icon-error">
        <AlertCircle size={28} />
      </div>
      <h2>{title}</h2>
      {message && <p>{message}</p>}
      {onRetry && (
        <div className="empty-action">
          <Button icon={<RotateCw size={16} />} onClick={onRetry}>
            Try again
          </Button>
        </div>
      )}
    </div>
  )
}

/** An inline form error that screen readers announce. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null
  return (
    <p className="form-error" role="alert">
      <AlertCircle size={16} aria-hidden="true" />
      <span>{message}</span>
    </p>
  )
}
