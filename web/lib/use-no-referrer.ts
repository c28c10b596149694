import { useEffect } from 'react'

/**
 * `<meta name="referrer" content="no-referrer">` while a page whose URL holds a secret (an
 * invite token) is open, so no link or picture on it tells another site that URL.
 */
export function useNoReferrer(enabled = true) {
  useEffect(() => {
    if (!enabled) return
    const meta = document.createElement('meta')
    meta.name = 'referrer'
    meta.content = 'no-referrer'
    document.head.prepend(meta)
    return () => meta.remove()
  }, [enabled])
}
