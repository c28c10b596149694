import { useEffect, useRef, useState, type FormEvent } from 'react'
import { Link, Navigate } from 'react-router-dom'
import type { PasswordResetResultBody } from '../../../protocol/schemas/recovery'
import { useSession } from '../../app/session'
import { api, ApiError, messageOf } from '../../lib/api'
import { useDocumentTitle } from '../../lib/use-document-title'
import { Button, ButtonLink } from '../../ui/button'
import { PasswordField } from '../../ui/password-field'
import { FormError } from '../../ui/states'
import { useToast } from '../../ui/toast'
import { AuthLayout } from './auth-layout'
import { useLinkToken } from './recovery-link'

const DEAD_LINK = new Set(['reset_used', 'reset_expired', 'reset_invalid'])

/** The page a reset link opens: choose a new password, then signed in afresh. */
export function ResetPasswordPage() {
  const token = useLinkToken()
  const { signedIn } = useSession()
  const toast = useToast()
  const [password, setPassword] = useState('')
  const [confirm, setConfirm] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [dead, setDead] = useState<string | null>(
    token ? null : 'This page needs the link from the email.',
  )
  const [done, setDone] = useState(false)
  useDocumentTitle('Choose a new password')
  const form = useRef<HTMLFormElement>(null)
  // the first field has focus, as on the other sign-in pages
  useEffect(() => form.current?.querySelector('input')?.focus(), [])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (password !== confirm) {
      setError('The two passwords do not match.')
      return
    }
    setBusy(true)
    setError(null)
    try {
      const result = await api<PasswordResetResultBody>('/v5/auth/password_reset/confirm', {
        method: 'POST',
        body: { token, new_password: password },
      })
      const ended = result.ended_sessions + result.deleted_tokens
      toast.show(
        ended > 0
          ? 'Password changed. Every other session and access token was ended.'
          : 'Password changed.',
      )
      setDone(true)
      signedIn(result)
    } catch (err) {
      if (err instanceof ApiError && err.reason && DEAD_LINK.has(err.reason)) setDead(err.message)
      else setError(messageOf(err))
      setBusy(false)
    }
  }

  if (done) return <Navigate to="/" replace />

  if (dead) {
    return (
      <AuthLayout title="This link does not work">
        <p className="auth-lede" role="alert">
          {dead}
        </p>
        <p className="auth-note">Reset links work once, for 1 hour.</p>
        <ButtonLink variant="primary" size="lg" to="/forgot-password">
          Send a new link
        </ButtonLink>
        <p className="auth-switch">
          <Link to="/login">Back to log in</Link>
        </p>
      </AuthLayout>
    )
  }

  return (
    <AuthLayout title="Choose a new password">
      <p className="auth-lede">
        Once it is changed, you are signed out everywhere else and your personal access tokens stop
        working.
      </p>
      <form className="auth-form" onSubmit={submit} ref={form}>
        <PasswordField label="New password" kind="new" value={password} onChange={setPassword} />
        <PasswordField
          label="Confirm new password"
          kind="confirm"
          value={confirm}
          onChange={setConfirm}
        />
        <FormError message={error} />
        <Button type="submit" variant="primary" size="lg" busy={busy}>
          Change password and log in
        </Button>
      </form>
    </AuthLayout>
  )
}
