import { useState, type ReactNode } from 'react'
import type { OwnAccount } from '../../../protocol/api'
import { useAccount, useSession } from '../../app/session'
import { api, messageOf } from '../../lib/api'
import { FormError } from '../../ui/states'
import { useToast } from '../../ui/toast'

type ChoiceField = 'message_policy' | 'unread_digest_email'

export interface Choice<V> {
  value: V
  title: string
  text: string
}

/** One account setting as a set of radio cards, saved (PATCH /v5/user_account) on choosing. */
export function AccountChoice<F extends ChoiceField>(props: {
  field: F
  heading: string
  intro: ReactNode
  options: Choice<OwnAccount[F]>[]
  savedText: string
}) {
  const account = useAccount()
  const { setAccount } = useSession()
  const toast = useToast()
  const [saving, setSaving] = useState<{ value: OwnAccount[F] } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const current = account[props.field]

  const choose = async (value: OwnAccount[F]) => {
    if (value === current) return
    setSaving({ value })
    setError(null)
    try {
      const updated = await api<OwnAccount>('/v5/user_account', {
        method: 'PATCH',
        body: { [props.field]: value },
      })
      setAccount({ ...account, ...updated })
      toast.show(props.savedText)
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setSaving(null)
    }
  }

  const headingId = `${props.field}-heading`
  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{props.heading}</h2>
      <p className="settings-intro">{props.intro}</p>
      <fieldset className="radio-cards" disabled={saving !== null}>
        <legend className="visually-hidden">{props.heading}</legend>
        {props.options.map((option) => (
          <label
            key={String(option.value)}
            className={`radio-card${current === option.value ? ' selected' : ''}`}
          >
            <input
              type="radio"
              name={props.field}
              value={String(option.value)}
              checked={(saving ? saving.value : current) === option.value}
              onChange={() => void choose(option.value)}
            />
            <span>
              <strong>{option.title}</strong>
              <small>{option.text}</small>
            </span>
          </label>
        ))}
      </fieldset>
      <FormError message={error} />
    </section>
  )
}
