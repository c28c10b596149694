import { CheckCircle2, Mail } from 'lucide-react'
import { useState } from 'react'
import { LIMITS } from '../../../protocol/limits'
import type { ShareResult } from '../../../protocol/messages'
import { useAccount } from '../../app/session'
import { ApiError, messageOf } from '../../lib/api'
import { isEmailAddress, normalEmail } from '../../lib/email-address'
import { newClientId } from '../../lib/stream'
import { Button } from '../../ui/button'
import { Dialog } from '../../ui/dialog'
import { TextField } from '../../ui/field'
import { FormError } from '../../ui/states'
import { share } from './messages-api'
import './people-reasons.css'

/**
 * Invites addresses to message you: your profile sent to each (`POST /v5/share`), which mails
 * anyone not on Corkboard an invitation; once they join from it you follow each other and the
 * conversation opens. An address of a member gets your profile in your 1:1, under the usual
 * rules; the answer never says which addresses have an account, so neither does this.
 */
export function sendInvites(
  me: { id: string },
  emails: string[],
  note: string,
  clientId: string,
): Promise<ShareResult> {
  return share({
    recipients: emails.map((email) => ({ email })),
    attachment: { type: 'user', id: me.id },
    ...(note.trim() ? { text: note.trim() } : {}),
    client_message_id: clientId,
  })
}

/** What an invitation's answer says, as a sentence per address. */
export function InvitesSent({ emails }: { emails: string[] }) {
  return (
    <div className="invite-sent" role="status">
      <p className="share-sent">
        <CheckCircle2 size={22} aria-hidden="true" />
        <span>Invitation sent</span>
      </p>
      <ul className="share-invites" aria-label="Invited">
        {emails.map((email) => (
          <li key={email}>
            <Mail size={16} aria-hidden="true" />
            <span>
              Sent to <strong>{email}</strong>
            </span>
          </li>
        ))}
      </ul>
      <p className="share-invites-note">
        Anyone not on Corkboard yet gets an email inviting them to join. Once they do, you follow
        each other and your conversation opens here.
      </p>
    </div>
  )
}

/** "Invite by email" from the empty inbox: one address and an optional note. */
export function InviteDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Invite a friend" size="sm">
      {open && <InviteForm onClose={onClose} />}
    </Dialog>
  )
}

function InviteForm({ onClose }: { onClose: () => void }) {
  const me = useAccount()
  const [email, setEmail] = useState('')
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [sent, setSent] = useState<string[] | null>(null)
  // One id per attempt: a retry after a failure sends nothing twice.
  const [clientId, setClientId] = useState(newClientId)

  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    if (busy) return
    if (!isEmailAddress(email)) {
      setError(`“${email.trim()}” is not a whole email address, like name@example.com.`)
      return
    }
    setBusy(true)
    setError(null)
    try {
      const answer = await sendInvites(me, [normalEmail(email)], note, clientId)
      setSent(answer.invites.map((i) => i.email))
    } catch (err) {
      if (err instanceof ApiError && err.status >= 400 && err.status < 500) {
        setClientId(newClientId())
      }
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  if (sent) {
    return (
      <div className="invite-form">
        <InvitesSent emails={sent} />
        <div className="row-end">
          <Button
            onClick={() => {
              setSent(null)
              setEmail('')
              setNote('')
              setClientId(newClientId())
            }}
          >
            Invite someone else
          </Button>
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        </div>
      </div>
    )
  }

  return (
    <form className="invite-form" onSubmit={(e) => void submit(e)} noValidate>
      <p className="share-hint">
        Friends who are not on Corkboard yet get an email with a link to join. When they do, you
        follow each other and can message right away.
      </p>
      <TextField
        label="Their email address"
        type="email"
        autoComplete="email"
        placeholder="name@example.com"
        value={email}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setEmail(e.target.value)
          setError(null)
        }}
      />
      <label className="share-note">
        <span className="visually-hidden">Add a note</span>
        <textarea
          className="input textarea"
          placeholder="Add a note (optional)"
          maxLength={LIMITS.message.text}
          rows={2}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
      <FormError message={error} />
      <div className="row-end">
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" busy={busy} disabled={!email.trim()}>
          Send invitation
        </Button>
      </div>
    </form>
  )
}
