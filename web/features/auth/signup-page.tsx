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
import { returnPath } from './login-page'

export function SignupPage() {
  const { account, signedIn } = useSession()
  const navigate = useNavigate()
  const location = useLocation()
  const [username, setUsername] = useState('')
  useDocumentTitle('Sign up')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  if (account) return <Navigate to={returnPath(location.state)} replace />

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const result = await api<AuthResult>('/v5/auth/signup', {
        method: 'POST',
        body: { username: username.trim(), email: email.trim(), password },
      })
      signedIn(result)
      navigate(returnPath(location.state), { replace: true })
    } catch (err) {
      setError(messageOf(err))
      setBusy(false)
    }
  }

  return (
    <AuthLayout title="Join Corkboard">
      <p className="auth-lede">Find ideas, save them to boards, share them with friends.</p>
      <form className="auth-form" onSubmit={submit}>
        <TextField
          label="Username"
          autoComplete="username"
          required
          autoFocus
          minLength={3}
          maxLength={30}
          pattern="[a-z0-9_]+"
          hint="3–30 lowercase letters, digits or _"
          value={username}
          onChange={(e) => setUsername(e.target.value.toLowerCase())}
        />
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          hint="At least 8 characters"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <FormError message={error} />
        <Button type="submit" variant="primary" size="lg" busy={busy}>
          Sign up
        </Button>
      </form>
      <p className="auth-switch">
        Already a member?{' '}
        <Link to="/login" state={location.state}>
          Log in
        </Link>
      </p>
    </AuthLayout>
  )
}
