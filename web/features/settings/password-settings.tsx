import { useState, type FormEvent } from 'react'
import { api, setCsrfToken } from '../../lib/api'
import { useAction } from '../../lib/use-action'
import { Button } from '../../ui/button'
import { PasswordField } from '../../ui/password-field'
import { FormError } from '../../ui/states'
import { useToast } from '../../ui/toast'

export function PasswordSettings() {
  const toast = useToast()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [confirm, setConfirm] = useState('')
  const { busy, error, setError, run } = useAction()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (next !== confirm) {
      setError('The new passwords do not match.')
      return
    }
    await run(async () => {
      const result = await api<{ csrf_token?: string }>('/v5/user_account/password', {
        method: 'POST',
        body: { current_password: current, new_password: next },
      })
      if (result?.csrf_token) setCsrfToken(result.csrf_token)
      setCurrent('')
      setNext('')
      setConfirm('')
      toast.show('Password changed. Other devices were signed out.')
    })
  }

  return (
    <section className="settings-section" aria-labelledby="password-heading">
      <h2 id="password-heading">Change your password</h2>
      <p className="settings-intro">Changing it signs you out everywhere else.</p>
      <form className="form-stack" onSubmit={submit}>
        <PasswordField
          label="Current password"
          kind="current"
          value={current}
          onChange={setCurrent}
        />
        <PasswordField label="New password" kind="new" value={next} onChange={setNext} />
        <PasswordField
          label="Confirm new password"
          kind="confirm"
          value={confirm}
          onChange={setConfirm}
        />
        <FormError message={error} />
        <div className="row-end">
          <Button type="submit" variant="primary" busy={busy}>
            Change password
          </Button>
        </div>
      </form>
    </section>
  )
}
