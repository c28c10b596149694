import { CheckCircle2, Mail, Send } from 'lucide-react'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { LIMITS } from '../../../protocol/limits'
import type { UserSummary } from '../../../protocol/api'
import type { AttachmentRef, ShareResult } from '../../../protocol/messages'
import { useSession } from '../../app/session'
import { ApiError, messageOf } from '../../lib/api'
import { newClientId } from '../../lib/stream'
import { Button, IconButton } from '../../ui/button'
import { Dialog } from '../../ui/dialog'
import { FormError } from '../../ui/states'
import { useOptionalMessagesStore } from './messages-context'
import { conversationPath, conversationTitle, refusalText, share } from './messages-api'
import { PeoplePicker } from './people-picker'
import { ShareDejaVu } from './share-deja-vu'
import './messages.css'

/** The sender makes up the rest of a group. */
const MAX_RECIPIENTS = LIMITS.conversation.groupSize - 1
const MAX_NOTE = LIMITS.message.text

interface ShareSheetProps {
  open: boolean
  onClose: () => void
  attachment: AttachmentRef
  /** what is being sent, for the title ("Send this Pin") */
  noun: string
  /** the message whose card this is sent on from */
  fromMessageId?: string
}

/**
 * "Send": pick up to 9 people you may message or email addresses, add a note, send as a group
 * or separately; an address not on Corkboard gets an invitation.
 */
export function ShareSheet({ open, onClose, attachment, noun, fromMessageId }: ShareSheetProps) {
  return (
    <Dialog open={open} onClose={onClose} title={`Send this ${noun}`}>
      {open && (
        <ShareForm
          attachment={attachment}
          noun={noun}
          fromMessageId={fromMessageId}
          onClose={onClose}
        />
      )}
    </Dialog>
  )
}

function ShareForm({
  attachment,
  noun,
  fromMessageId,
  onClose,
}: {
  attachment: AttachmentRef
  noun: string
  fromMessageId?: string
  onClose: () => void
}) {
  const { account } = useSession()
  const store = useOptionalMessagesStore()
  const [people, setPeople] = useState<UserSummary[]>([])
  const [emails, setEmails] = useState<string[]>([])
  const [note, setNote] = useState('')
  const [asGroup, setAsGroup] = useState(true)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [result, setResult] = useState<ShareResult | null>(null)
  // One id per attempt at this share: a retry after a failure sends nothing twice.
  const [clientId, setClientId] = useState(newClientId)
  const me = account?.username ?? ''

  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    if ((!people.length && !emails.length) || busy) return
    setBusy(true)
    setError(null)
    try {
      const answer = await share({
        recipients: [
          ...people.map((p) => ({ username: p.username })),
          ...emails.map((email) => ({ email })),
        ],
        attachment,
        ...(note.trim() ? { text: note.trim() } : {}),
        ...(people.length > 1 ? { as_group: asGroup } : {}),
        client_message_id: clientId,
        ...(fromMessageId ? { from_message_id: fromMessageId } : {}),
      })
      for (const c of answer.conversations) store?.conversationUpdated(c)
      setResult(answer)
    } catch (err) {
      if (err instanceof ApiError && err.status >= 400 && err.status < 500) {
        // Refused as a whole: nothing was sent, so the next attempt is a new share.
        setClientId(newClientId())
      }
      const who = people.length === 1 && !emails.length ? displayFirst(people) : 'them'
      setError(
        err instanceof ApiError && err.reason && err.status === 403
          ? `Not sent to ${who}: ${refusalText(err.reason)}.`
          : messageOf(err),
      )
    } finally {
      setBusy(false)
    }
  }

  if (result) {
    return (
      <div className="share-result" role="status">
        {(result.conversations.length > 0 || result.invites.length > 0) && (
          <p className="share-sent">
            <CheckCircle2 size={22} aria-hidden="true" />
            <span>Sent!</span>
          </p>
        )}
        <ul className="share-links">
          {result.conversations.map((c) => (
            <li key={c.id}>
              <Link to={conversationPath(c.id)} onClick={onClose}>
                Open conversation with {conversationTitle(c, me)}
              </Link>
            </li>
          ))}
        </ul>
        {result.invites.length > 0 && (
          <>
            <ul className="share-invites" aria-label="Email recipients">
              {result.invites.map((invite) => (
                <li key={invite.email}>
                  <Mail size={16} aria-hidden="true" />
                  <span>
                    Sent to <strong>{invite.email}</strong>
                  </span>
                </li>
              ))}
            </ul>
            {/* The answer never says which addresses have an account, so neither does this. */}
            <p className="share-invites-note">
              Someone already on Corkboard finds it in their messages; anyone else gets an email
              inviting them to join.
            </p>
          </>
        )}
        {result.refused.length > 0 && (
          <ul className="share-refused" aria-label="Not sent">
            {result.refused.map((r) => (
              <li key={r.username}>
                Not sent to <strong>@{r.username}</strong>: {refusalText(r.reason)}.
              </li>
            ))}
          </ul>
        )}
        <div className="row-end">
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        </div>
      </div>
    )
  }

  return (
    <form className="share-form" onSubmit={(e) => void submit(e)}>
      <PeoplePicker
        selected={people}
        onChange={setPeople}
        emails={{ selected: emails, onChange: setEmails }}
        max={MAX_RECIPIENTS}
        label="Send to"
      />
      {people.length > 1 && (
        <fieldset className="share-mode">
          <legend className="visually-hidden">How to send</legend>
          <label>
            <input type="radio" checked={asGroup} onChange={() => setAsGroup(true)} />
            Send as a group
          </label>
          <label>
            <input type="radio" checked={!asGroup} onChange={() => setAsGroup(false)} />
            Send separately
          </label>
        </fieldset>
      )}
      <ShareDejaVu
        attachment={attachment}
        people={people}
        asGroup={asGroup}
        me={me}
        onView={onClose}
      />
      {emails.length > 0 && people.length > 0 && (
        <p className="share-hint">Each email address gets the {noun} on its own.</p>
      )}
      <label className="share-note">
        <span className="visually-hidden">Add a note</span>
        <textarea
          className="input textarea"
          placeholder="Add a note (optional)"
          maxLength={MAX_NOTE}
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
        <Button
          type="submit"
          variant="primary"
          busy={busy}
          disabled={!people.length && !emails.length}
          icon={<Send size={16} aria-hidden="true" />}
        >
          Send
        </Button>
      </div>
    </form>
  )
}

function displayFirst(people: UserSummary[]): string {
  const p = people[0]
  return p ? `@${p.username}` : 'them'
}

interface SendButtonProps {
  attachment: AttachmentRef
  noun: string
  fromMessageId?: string
  variant?: 'button' | 'icon'
  size?: 'sm' | 'md'
}

/** The "Send" button of a pin, board or profile, opening the share sheet. */
export function SendButton({
  attachment,
  noun,
  fromMessageId,
  variant = 'button',
  size = 'md',
}: SendButtonProps) {
  const { account } = useSession()
  const [open, setOpen] = useState(false)
  if (!account) return null
  return (
    <>
      {variant === 'icon' ? (
        <IconButton label="Send" size={size} onClick={() => setOpen(true)}>
          <Send size={size === 'sm' ? 18 : 22} />
        </IconButton>
      ) : (
        <Button
          size={size}
          icon={<Send size={16} aria-hidden="true" />}
          onClick={() => setOpen(true)}
        >
          Send
        </Button>
      )}
      <ShareSheet
        open={open}
        onClose={() => setOpen(false)}
        attachment={attachment}
        noun={noun}
        fromMessageId={fromMessageId}
      />
    </>
  )
}
