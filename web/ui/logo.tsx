import { Pin } from 'lucide-react'

/** The Corkboard mark: an amber pin in a round badge, with or without the wordmark. */
export function Logo({ withName = true }: { withName?: boolean }) {
  return (
    <span className="logo">
      <span className="logo-mark" aria-hidden="true">
        <Pin size={18} strokeWidth={2.5} />
      </span>
      {withName && <span className="logo-name">Corkboard</span>}
    </span>
  )
}
