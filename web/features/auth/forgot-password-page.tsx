import { useState, type FormEvent } from 'react'
import { Link, useLocation } from 'react-router-dom'
import { api } from '../../lib/api'
import { useAction } from '../../lib/use-action'
import { useDocumentTitle } from '../../lib/use-document-title'
import { Button } from '../../ui/button'
import { TextField } from '../../ui/field'
import { FormError } from '../../ui/states'
import { AuthLayout } from './auth-layout'

/** "Forgot password?": asks for a reset link by email. Says the same whatever the address. */
export function ForgotPasswordPage() {
  const location = useLocation()
  const typed = (location.state as { email?: string } | null)?.email ?? ''
  const [email, setEmail] = useState(typed.includes('@') ? typed : '')
  const [sentTo, setSentTo] = useState<string | null>(null)
  const { busy, error, run } = useAction()
  useDocumentTitle(sentTo ? 'Check your email' : 'Reset your password')

  const send = (event?: FormEvent) => {
    event?.preventDefault()
    const address = email.trim()
    void run(async () => {
      await api('/v5/auth/password_reset', { method: 'POST', body: { email: address } })
      setSentTo(address)
    })
  }

  if (sentTo) {
    return (
      <AuthLayout title="Check your email">
        <p className="auth-lede" role="status">
          If <strong>{sentTo}</strong> belongs to a Corkboard account, a link to choose a new
          password is on its way. It works once, for 1 hour.
        </p>
        <p className="auth-note">
          Nothing after a few minutes? Look in your spam folder, or send it again.
        </p>
        <FormError message={error} />
        <Button variant="secondary" size="lg" busy={busy} onClick={() => send()}>
          Send the link again
        </Button>
        <p className="auth-switch">
          <Link to="/login">Back to log in</Link>
        </p>
      </AuthLayout>
    )
  }

  return (
    <AuthLayout title="Reset your password">
      <p className="auth-lede">
        Enter the email address of your account and we will send you a link to choose a new
        password.
      </p>
      <form className="auth-form" onSubmit={send}>
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          required
          autoFocus
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <FormError message={error} />
        <Button type="submit" variant="primary" size="lg" busy={busy}>
          Send reset link
        </Button>
      </form>
      <p className="auth-switch">
        Remembered it? <Link to="/login">Log in</Link>
      </p>
    </AuthLayout>
  )
}
