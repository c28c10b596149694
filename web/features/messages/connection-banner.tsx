import { WifiOff } from 'lucide-react'
import { useEffect, useState } from 'react'
import { useMessages } from './messages-context'

/** "Reconnecting…", shown when the stream has been down for more than a second. */
export function ConnectionBanner() {
  const connection = useMessages((s) => s.connection)
  const down = connection !== 'online'
  const [shown, setShown] = useState(false)
  useEffect(() => {
    if (!down) return
    const timer = setTimeout(() => setShown(true), 1000)
    return () => {
      clearTimeout(timer)
      setShown(false)
    }
  }, [down])
  if (!shown || !down) return null
  return (
    <div className="connection-pill" role="status">
      <span className="connection-spinner" aria-hidden="true" />
      <WifiOff size={14} aria-hidden="true" />
      Reconnecting…
    </div>
  )
}
