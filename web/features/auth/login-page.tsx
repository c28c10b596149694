import { useState } from 'react'
import { Link, Navigate } from 'react-router-dom'
import { useDocumentTitle } from '../../lib/use-document-title'
import { Button } from '../../ui/button'
import { TextField } from '../../ui/field'
import { PasswordField } from '../../ui/password-field'
import { FormError } from '../../ui/states'
import { AuthLayout } from './auth-layout'
import { useAuthForm } from './use-auth-form'

export function LoginPage() {
  const [identity, setIdentity] = useState('')
  const [password, setPassword] = useState('')
  const { redirect, submit, busy, error, state } = useAuthForm('/v5/auth/login')
  useDocumentTitle('Log in')

  if (redirect) return <Navigate to={redirect} replace />

  return (
    <AuthLayout title="Welcome back">
      <form
        className="auth-form"
        onSubmit={submit(() => ({ username_or_email: identity.trim(), password }))}
      >
        <TextField
          label="Username or email"
          autoComplete="username"
          required
          autoFocus
          value={identity}
          onChange={(e) => setIdentity(e.target.value)}
        />
        <PasswordField label="Password" kind="current" value={password} onChange={setPassword} />
        <Link className="auth-forgot" to="/forgot-password" state={{ email: identity.trim() }}>
          Forgot password?
        </Link>
        <FormError message={error} />
        <Button type="submit" variant="primary" size="lg" busy={busy}>
          Log in
        </Button>
      </form>
      <p className="auth-switch">
        New to Corkboard?{' '}
        <Link to="/signup" state={state}>
          Create an account
        </Link>
      </p>
    </AuthLayout>
  )
}
