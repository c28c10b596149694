import { useState } from 'react'
import { Link, Navigate } from 'react-router-dom'
import { useDocumentTitle } from '../../lib/use-document-title'
import { Button } from '../../ui/button'
import { TextField } from '../../ui/field'
import { FormError } from '../../ui/states'
import { AuthLayout } from './auth-layout'
import { useAuthForm } from './use-auth-form'

export function SignupPage() {
  const [username, setUsername] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const { redirect, submit, busy, error, state } = useAuthForm('/v5/auth/signup')
  useDocumentTitle('Sign up')

  if (redirect) return <Navigate to={redirect} replace />

  return (
    <AuthLayout title="Join Corkboard">
      <p className="auth-lede">Find ideas, save them to boards, share them with friends.</p>
      <form
        className="auth-form"
        onSubmit={submit(() => ({ username: username.trim(), email: email.trim(), password }))}
      >
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
        <Link to="/login" state={state}>
          Log in
        </Link>
      </p>
    </AuthLayout>
  )
}
