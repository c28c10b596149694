import { useState } from 'react'

/**
 * The token a recovery link carries in its fragment (never sent to the server with the page),
 * taken once and then wiped from the address bar and history.
 */
export function useLinkToken(): string {
  const [token] = useState(() => {
    const value = decodeURIComponent(window.location.hash.slice(1))
    if (value) {
      window.history.replaceState(
        window.history.state,
        '',
        window.location.pathname + window.location.search,
      )
    }
    return value
  })
  return token
}
