import { useState, type FormEvent } from 'react'
import type { OwnAccount } from '../../../protocol/api'
import { useAccount, useSession } from '../../app/session'
import { api } from '../../lib/api'
import { useAction } from '../../lib/use-action'
import { Button } from '../../ui/button'
import { TextField } from '../../ui/field'
import { PasswordField } from '../../ui/password-field'
import { FormError } from '../../ui/states'
import { useToast } from '../../ui/toast'

/**
 * The account's email address. A new one applies once the link mailed to it is opened; until
 * then it shows as waiting, and the change can be cancelled.
 */
export function EmailSettings() {
  const account = useAccount()
  const { setAccount } = useSession()
  const toast = useToast()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const change = useAction()
  const cancel = useAction()
  const pending = account.pending_email ?? null

  const patch = async (body: { email: string; current_password?: string }) => {
    const updated = await api<OwnAccount>('/v5/user_account', { method: 'PATCH', body })
    setAccount({ ...account, ...updated })
    return updated
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    await change.run(async () => {
      const updated = await patch({ email: email.trim(), current_password: password })
      setEmail('')
      setPassword('')
      if (updated.pending_email) toast.show(`Confirmation sent to ${updated.pending_email}`)
    })
  }

  const cancelChange = () =>
    cancel.run(async () => {
      await patch({ email: account.email })
      toast.show('Change of address cancelled')
    })

  return (
    <section className="settings-section" aria-labelledby="email-heading">
      <h2 id="email-heading">Email address</h2>
      <p className="settings-intro">
        Your address is <strong>{account.email}</strong>. Password resets and notifications go
        there; nobody else sees it.
      </p>
      {pending && (
        <div className="email-pending" role="status">
          <p>
            Confirmation sent to <strong>{pending}</strong>. Open the link in that email (within 24
            hours) to start using it; until then nothing changes.
          </p>
          <FormError message={cancel.error} />
          <Button size="sm" busy={cancel.busy} onClick={() => void cancelChange()}>
            Cancel the change
          </Button>
        </div>
      )}
      <form className="form-stack" onSubmit={submit}>
        <TextField
          label="New email address"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <PasswordField
          label="Current password"
          kind="current"
          value={password}
          onChange={setPassword}
        />
        <FormError message={change.error} />
        <div className="row-end">
          <Button type="submit" variant="primary" busy={change.busy}>
            Send confirmation link
          </Button>
        </div>
      </form>
    </section>
  )
}
