import { useState } from 'react'
import type { EmailChangeConfirmedBody } from '../../../protocol/schemas/recovery'
import { useSession } from '../../app/session'
import { api, ApiError, messageOf } from '../../lib/api'
import { useDocumentTitle } from '../../lib/use-document-title'
import { Button, ButtonLink } from '../../ui/button'
import { FormError } from '../../ui/states'
import { AuthLayout } from './auth-layout'
import { useLinkToken } from './recovery-link'

const DEAD_LINK = new Set(['email_change_used', 'email_change_expired', 'email_change_invalid'])

/**
 * The page a confirmation link opens. Confirming is a button, never the page load: mail
 * scanners open links.
 */
export function ConfirmEmailPage() {
  const token = useLinkToken()
  const { account, setAccount } = useSession()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [dead, setDead] = useState<string | null>(
    token ? null : 'This page needs the link from the email.',
  )
  const [done, setDone] = useState<EmailChangeConfirmedBody | null>(null)
  useDocumentTitle('Confirm your email address')

  const confirm = async () => {
    setBusy(true)
    setError(null)
    try {
      const result = await api<EmailChangeConfirmedBody>('/v5/auth/email_change/confirm', {
        method: 'POST',
        body: { token },
      })
      setDone(result)
      if (account?.username === result.username) {
        setAccount({ ...account, email: result.email, pending_email: null })
      }
    } catch (err) {
      if (err instanceof ApiError && err.reason && DEAD_LINK.has(err.reason)) setDead(err.message)
      else setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  if (done) {
    return (
      <AuthLayout title="Email address confirmed">
        <p className="auth-lede" role="status">
          <strong>{done.email}</strong> is now the email address of @{done.username}.
        </p>
        <ButtonLink variant="primary" size="lg" to={account ? '/settings/email' : '/login'}>
          {account ? 'Back to settings' : 'Log in'}
        </ButtonLink>
      </AuthLayout>
    )
  }

  if (dead) {
    return (
      <AuthLayout title="This link does not work">
        <p className="auth-lede" role="alert">
          {dead}
        </p>
        <ButtonLink variant="secondary" size="lg" to="/settings/email">
          Change the address again
        </ButtonLink>
      </AuthLayout>
    )
  }

  return (
    <AuthLayout title="Confirm your email address">
      <p className="auth-lede">Use this address for your Corkboard account from now on?</p>
      <FormError message={error} />
      <Button variant="primary" size="lg" busy={busy} onClick={() => void confirm()}>
        Confirm this address
      </Button>
    </AuthLayout>
  )
}
