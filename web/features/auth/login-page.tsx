import { useState, type FormEvent } from 'react'
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom'
import type { AuthResult } from '../../../protocol/api'
import { useSession } from '../../app/session'
import { api, messageOf } from '../../lib/api'
import { useDocumentTitle } from '../../lib/use-document-title'
import { Button } from '../../ui/button'
import { TextField } from '../../ui/field'
import { FormError } from '../../ui/states'
import { AuthLayout } from './auth-layout'

export function returnPath(state: unknown): string {
  const from = (state as { from?: string } | null)?.from
  return from && from.startsWith('/') && !from.startsWith('//') ? from : '/'
}

export function LoginPage() {
  const { account, signedIn } = useSession()
  const navigate = useNavigate()
  const location = useLocation()
  const [identity, setIdentity] = useState('')
  useDocumentTitle('Log in')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  if (account) return <Navigate to={returnPath(location.state)} replace />

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const result = await api<AuthResult>('/v5/auth/login', {
        method: 'POST',
        body: { username_or_email: identity.trim(), password },
      })
      signedIn(result)
      navigate(returnPath(location.state), { replace: true })
    } catch (err) {
      setError(messageOf(err))
      setBusy(false)
    }
  }

  return (
    <AuthLayout title="Welcome back">
      <form className="auth-form" onSubmit={submit}>
        <TextField
          label="Username or email"
          autoComplete="username"
          required
          autoFocus
          value={identity}
          onChange={(e) => setIdentity(e.target.value)}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <FormError message={error} />
        <Button type="submit" variant="primary" size="lg" busy={busy}>
          Log in
        </Button>
      </form>
      <p className="auth-switch">
        New to Corkboard?{' '}
        <Link to="/signup" state={location.state}>
          Create an account
        </Link>
      </p>
    </AuthLayout>
  )
}
