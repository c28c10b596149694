import { useState } from 'react'
import { LIMITS } from '../../../protocol/limits'
import type { UserSummary } from '../../../protocol/api'
import { ApiError, messageOf } from '../../lib/api'
import { Button } from '../../ui/button'
import { Dialog } from '../../ui/dialog'
import { FormError } from '../../ui/states'
import { useMessagesStore } from './messages-context'
import { createConversation, refusalText } from './messages-api'
import { PeoplePicker } from './people-picker'

interface Props {
  open: boolean
  onClose: () => void
  onCreated: (conversationId: string) => void
}

/** Start a 1:1 (or open the one that exists) or a group of up to 10 people. */
export function NewConversationDialog({ open, onClose, onCreated }: Props) {
  return (
    <Dialog open={open} onClose={onClose} title="New message">
      {open && <NewConversation onCreated={onCreated} onClose={onClose} />}
    </Dialog>
  )
}

function NewConversation({ onCreated, onClose }: Omit<Props, 'open'>) {
  const store = useMessagesStore()
  const [people, setPeople] = useState<UserSummary[]>([])
  const [title, setTitle] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const start = async (event: React.FormEvent) => {
    event.preventDefault()
    if (!people.length) return
    setBusy(true)
    setError(null)
    try {
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

  return (
    <form className="share-form" onSubmit={(e) => void start(e)}>
      <PeoplePicker selected={people} onChange={setPeople} max={9} label="To" />
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
      <FormError message={error} />
      <div className="row-end">
        <Button variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" busy={busy} disabled={!people.length}>
          {people.length > 1 ? 'Start group' : 'Chat'}
        </Button>
      </div>
    </form>
  )
}
