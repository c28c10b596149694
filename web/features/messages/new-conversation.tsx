import { Mail } from 'lucide-react'
import { useState } from 'react'
import { LIMITS } from '../../../protocol/limits'
import type { UserSummary } from '../../../protocol/api'
import { useAccount } from '../../app/session'
import { ApiError, messageOf } from '../../lib/api'
import { newClientId } from '../../lib/stream'
import { Button } from '../../ui/button'
import { Dialog } from '../../ui/dialog'
import { FormError } from '../../ui/states'
import { InvitesSent, sendInvites } from './invite-dialog'
import { useMessages, useMessagesStore } from './messages-context'
import { createConversation, refusalText } from './messages-api'
import { PeoplePicker } from './people-picker'
import './people-reasons.css'

interface Props {
  open: boolean
  onClose: () => void
  onCreated: (conversationId: string) => void
}

/**
 * Start a 1:1 (or open the one that exists) or a group of up to 10 people; an email address
 * typed instead of a name is invited (your profile, by email: see invite-dialog.tsx).
 */
export function NewConversationDialog({ open, onClose, onCreated }: Props) {
  return (
    <Dialog open={open} onClose={onClose} title="New message">
      {open && <NewConversation onCreated={onCreated} onClose={onClose} />}
    </Dialog>
  )
}

function NewConversation({ onCreated, onClose }: Omit<Props, 'open'>) {
  const store = useMessagesStore()
  const me = useAccount()
  const inboxEmpty = useMessages(
    (s) => s.inbox.status === 'ready' && s.inbox.conversations.length === 0,
  )
  const [people, setPeople] = useState<UserSummary[]>([])
  const [emails, setEmails] = useState<string[]>([])
  const [note, setNote] = useState('')
  const [title, setTitle] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [invited, setInvited] = useState<string[] | null>(null)
  // One id per attempt at the invitations: a retry after a failure sends nothing twice.
  const [clientId, setClientId] = useState(newClientId)

  const start = async (event: React.FormEvent) => {
    event.preventDefault()
    if ((!people.length && !emails.length) || busy) return
    setBusy(true)
    setError(null)
    try {
      if (emails.length && !invited) {
        try {
          const answer = await sendInvites(me, emails, note, clientId)
          setInvited(answer.invites.map((i) => i.email))
        } catch (err) {
          if (err instanceof ApiError && err.status >= 400 && err.status < 500) {
            setClientId(newClientId())
          }
          throw err
        }
      }
      if (!people.length) return
      const c = await createConversation(
        people.map((p) => p.username),
        people.length > 1 && title.trim() ? title.trim() : undefined,
      )
      store.conversationUpdated(c)
      onCreated(c.id)
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 403 && err.reason
          ? `Cannot start it: ${refusalText(err.reason)}.`
          : messageOf(err),
      )
    } finally {
      setBusy(false)
    }
  }

  if (invited && !people.length) {
    return (
      <div className="invite-form">
        <InvitesSent emails={invited} />
        <div className="row-end">
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        </div>
      </div>
    )
  }

  return (
    <form className="share-form" onSubmit={(e) => void start(e)}>
      <PeoplePicker
        selected={people}
        onChange={setPeople}
        emails={{ selected: emails, onChange: setEmails }}
        max={9}
        label="To"
      />
      {inboxEmpty && !people.length && !emails.length && (
        <p className="invite-hint">
          <Mail size={18} aria-hidden="true" />
          <span>
            Friend not on Corkboard yet? Type their email address to invite them: once they join,
            you follow each other and can message right away.
          </span>
        </p>
      )}
      {people.length > 1 && (
        <input
          className="input"
          aria-label="Group name (optional)"
          placeholder="Group name (optional)"
          maxLength={LIMITS.conversation.title}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      )}
      {emails.length > 0 && (
        <label className="share-note">
          <span className="visually-hidden">Add a note to the invitation</span>
          <textarea
            className="input textarea"
            placeholder="Add a note to the invitation (optional)"
            maxLength={LIMITS.message.text}
            rows={2}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </label>
      )}
      {emails.length > 0 && people.length > 0 && (
        <p className="share-hint">
          Email addresses get an invitation of their own; the conversation starts with the people
          you picked.
        </p>
      )}
      {invited && <InvitesSent emails={invited} />}
      <FormError message={error} />
      <div className="row-end">
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button
          type="submit"
          variant="primary"
          busy={busy}
          disabled={!people.length && !emails.length}
        >
          {people.length > 1
            ? 'Start group'
            : people.length || !emails.length
              ? 'Chat'
              : 'Send invitation'}
        </Button>
      </div>
    </form>
  )
}
