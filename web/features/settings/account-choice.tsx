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

/**
 * A setting as a set of radio cards, saved on choosing: the choice shows at once, the cards
 * wait while `save` runs, a toast says `savedText(value)`, a refusal shows under them.
 */
export function ChoiceCards<V extends string | boolean>(props: {
  name: string
  legend: string
  options: Choice<V>[]
  current: V
  save: (value: V) => Promise<void>
  savedText: (value: V) => string
}) {
  const toast = useToast()
  const [saving, setSaving] = useState<{ value: V } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const { current } = props

  const choose = async (value: V) => {
    if (value === current) return
    setSaving({ value })
    setError(null)
    try {
      await props.save(value)
      toast.show(props.savedText(value))
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setSaving(null)
    }
  }

  return (
    <>
      <fieldset className="radio-cards" disabled={saving !== null}>
        <legend className="visually-hidden">{props.legend}</legend>
        {props.options.map((option) => (
          <label
            key={String(option.value)}
            className={`radio-card${current === option.value ? ' selected' : ''}`}
          >
            <input
              type="radio"
              name={props.name}
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
    </>
  )
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

  const save = async (value: OwnAccount[F]) => {
    const updated = await api<OwnAccount>('/v5/user_account', {
      method: 'PATCH',
      body: { [props.field]: value },
    })
    setAccount({ ...account, ...updated })
  }

  const headingId = `${props.field}-heading`
  return (
    <section className="settings-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{props.heading}</h2>
      <p className="settings-intro">{props.intro}</p>
      <ChoiceCards
        name={props.field}
        legend={props.heading}
        options={props.options}
        current={account[props.field]}
        save={save}
        savedText={() => props.savedText}
      />
    </section>
  )
}
