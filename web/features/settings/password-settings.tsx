import { useState, type FormEvent } from 'react'
import { api, messageOf, setCsrfToken } from '../../lib/api'
import { Button } from '../../ui/button'
import { TextField } from '../../ui/field'
import { FormError } from '../../ui/states'
import { useToast } from '../../ui/toast'

export function PasswordSettings() {
  const toast = useToast()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [confirm, setConfirm] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (next !== confirm) {
      setError('The new passwords do not match.')
      return
    }
    setBusy(true)
    setError(null)
    try {
      const result = await api<{ csrf_token?: string }>('/v5/user_account/password', {
        method: 'POST',
        body: { current_password: current, new_password: next },
      })
      if (result?.csrf_token) setCsrfToken(result.csrf_token)
      setCurrent('')
      setNext('')
      setConfirm('')
      toast.show('Password changed. Other devices were signed out.')
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="settings-section" aria-labelledby="password-heading">
      <h2 id="password-heading">Change your password</h2>
      <p className="settings-intro">Changing it signs you out everywhere else.</p>
      <form className="form-stack" onSubmit={submit}>
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          hint="At least 8 characters, and not a common password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
        <TextField
          label="Confirm new password"
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
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
