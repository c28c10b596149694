import { useState } from 'react'
import type { MessagePolicy, OwnAccount } from '../../../protocol/api'
import { useAccount, useSession } from '../../app/session'
import { api, messageOf } from '../../lib/api'
import { FormError } from '../../ui/states'
import { useToast } from '../../ui/toast'

const OPTIONS: { value: MessagePolicy; title: string; text: string }[] = [
  {
    value: 'mutual',
    title: 'People I follow who follow me back',
    text: 'The default. Only friends — you follow each other — can start a conversation with you.',
  },
  {
    value: 'following',
    title: 'Anyone I follow',
    text: 'Anyone you follow can message you, even if they have not followed you back.',
  },
  {
    value: 'nobody',
    title: 'Nobody',
    text: 'No one can start a new conversation with you. You can still message others.',
  },
]

export function MessagePolicySettings() {
  const account = useAccount()
  const { setAccount } = useSession()
  const toast = useToast()
  const [saving, setSaving] = useState<MessagePolicy | null>(null)
  const [error, setError] = useState<string | null>(null)

  const choose = async (policy: MessagePolicy) => {
    if (policy === account.message_policy) return
    setSaving(policy)
    setError(null)
    try {
      const updated = await api<OwnAccount>('/v5/user_account', {
        method: 'PATCH',
        body: { message_policy: policy },
      })
      setAccount({ ...account, ...updated, message_policy: updated.message_policy ?? policy })
      toast.show('Message settings saved')
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setSaving(null)
    }
  }

  return (
    <section className="settings-section" aria-labelledby="messages-heading">
      <h2 id="messages-heading">Who can message you</h2>
      <p className="settings-intro">
        Messages keep spam out by asking for a connection first. Choose how close that connection
        must be. Blocked people can never message you.
      </p>
      <fieldset className="radio-cards" disabled={saving !== null}>
        <legend className="visually-hidden">Who can message you</legend>
        {OPTIONS.map((option) => (
          <label
            key={option.value}
            className={`radio-card${account.message_policy === option.value ? ' selected' : ''}`}
          >
            <input
              type="radio"
              name="message_policy"
              value={option.value}
              checked={(saving ?? account.message_policy) === option.value}
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
