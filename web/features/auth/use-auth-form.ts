import { useState, type FormEvent } from 'react'
import { useLocation } from 'react-router-dom'
import { useSession } from '../../app/session'
import { api, messageOf } from '../../lib/api'
import type { SignupResult } from '../invites/invites-api'

/** Where to go after signing in: the page that sent the visitor here, if it is ours. */
export function returnPath(state: unknown): string {
  const from = (state as { from?: string } | null)?.from
  return from && from.startsWith('/') && !from.startsWith('//') ? from : '/'
}

/**
 * What the log-in and sign-up forms share: post the credentials, sign in with the answer and
 * go back where the visitor came from (or to `back`), or where `destination` says from the
 * answer; `redirect` is set once they are signed in.
 */
export function useAuthForm(path: '/v5/auth/login' | '/v5/auth/signup', back?: string) {
  const { account, signedIn } = useSession()
  const location = useLocation()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const from = back ?? returnPath(location.state)

  const submit =
    (body: () => Record<string, string>, destination?: (result: SignupResult) => string) =>
    async (event: FormEvent) => {
      event.preventDefault()
      setBusy(true)
      setError(null)
      try {
        const result = await api<SignupResult>(path, { method: 'POST', body: body() })
        // One render: signed in and on the way, so the "already signed in" redirect never wins.
        setDone(destination ? destination(result) : from)
        signedIn(result)
      } catch (err) {
        setError(messageOf(err))
        setBusy(false)
      }
    }

  return {
    redirect: done ?? (account ? from : null),
    submit,
    busy,
    error,
    state: location.state,
  }
}
