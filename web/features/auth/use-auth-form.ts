import { useState, type FormEvent } from 'react'
import { useLocation, useNavigate } from 'react-router-dom'
import type { AuthResult } from '../../../protocol/api'
import { useSession } from '../../app/session'
import { api, messageOf } from '../../lib/api'

/** Where to go after signing in: the page that sent the visitor here, if it is ours. */
export function returnPath(state: unknown): string {
  const from = (state as { from?: string } | null)?.from
  return from && from.startsWith('/') && !from.startsWith('//') ? from : '/'
}

/**
 * What the log-in and sign-up forms share: post the credentials, sign in with the answer and
 * go back where the visitor came from; `redirect` is set when they are signed in already.
 */
export function useAuthForm(path: '/v5/auth/login' | '/v5/auth/signup') {
  const { account, signedIn } = useSession()
  const navigate = useNavigate()
  const location = useLocation()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const back = returnPath(location.state)

  const submit = (body: () => Record<string, string>) => async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      signedIn(await api<AuthResult>(path, { method: 'POST', body: body() }))
      navigate(back, { replace: true })
    } catch (err) {
      setError(messageOf(err))
      setBusy(false)
    }
  }

  return { redirect: account ? back : null, submit, busy, error, state: location.state }
}
