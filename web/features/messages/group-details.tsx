import { Bell, BellOff, LogOut, UserPlus } from 'lucide-react'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { LIMITS } from '../../../protocol/limits'
import type { UserSummary } from '../../../protocol/api'
import type { Conversation } from '../../../protocol/messages'
import { useAccount } from '../../app/session'
import { ApiError, messageOf } from '../../lib/api'
import { Avatar } from '../../ui/avatar'
import { Button } from '../../ui/button'
import { ConfirmDialog } from '../../ui/confirm-dialog'
import { Dialog } from '../../ui/dialog'
import { FormError } from '../../ui/states'
import { useToast } from '../../ui/toast'
import { useMessagesStore } from './messages-context'
import {
  addParticipants,
  conversationTitle,
  displayName,
  leaveConversation,
  refusalText,
  updateConversation,
} from './messages-api'
import { PeoplePicker } from './people-picker'

const GROUP_CAP = LIMITS.conversation.groupSize

interface GroupDetailsProps {
  open: boolean
  conversation: Conversation
  onClose: () => void
  onLeft: () => void
}

/** Members, rename, add people, mute, leave. */
export function GroupDetailsDialog({ open, conversation, onClose, onLeft }: GroupDetailsProps) {
  const me = useAccount().username
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={conversation.is_group ? 'Group details' : 'Details'}
      size="sm"
    >
      {open && (
        <Details conversation={conversation} me={me} onLeft={onLeft} key={conversation.id} />
      )}
    </Dialog>
  )
}

function Details({
  conversation,
  me,
  onLeft,
}: {
  conversation: Conversation
  me: string
  onLeft: () => void
}) {
  const store = useMessagesStore()
  const toast = useToast()
  const [title, setTitle] = useState(conversation.title ?? '')
  const [renaming, setRenaming] = useState(false)
  const [adding, setAdding] = useState<UserSummary[] | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [leaving, setLeaving] = useState(false)
  const room = GROUP_CAP - conversation.participants.length

  const run = async (what: string, work: () => Promise<Conversation | void>) => {
    setBusy(what)
    setError(null)
    try {
      const updated = await work()
      if (updated) store.conversationUpdated(updated)
      return true
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 403 && err.reason
          ? `Not added: ${refusalText(err.reason)}.`
          : messageOf(err),
      )
      return false
    } finally {
      setBusy(null)
    }
  }

  return (
    <div className="details">
      {conversation.is_group && (
        <form
          className="details-rename"
          onSubmit={(e) => {
            e.preventDefault()
            void run('rename', () =>
              updateConversation(conversation.id, { title: title.trim() || null }),
            ).then((ok) => {
              if (ok) {
                setRenaming(false)
                toast.show('Group renamed')
              }
            })
          }}
        >
          <label htmlFor="group-name">Group name</label>
          <div className="details-row">
            <input
              id="group-name"
              className="input"
              value={title}
              maxLength={LIMITS.conversation.title}
              placeholder={conversationTitle({ ...conversation, title: null }, me)}
              onChange={(e) => {
                setTitle(e.target.value)
                setRenaming(true)
              }}
            />
            {renaming && (
              <Button type="submit" size="sm" variant="primary" busy={busy === 'rename'}>
                Save
              </Button>
            )}
          </div>
        </form>
      )}

      <h3 className="details-heading">
        {conversation.participants.length}{' '}
        {conversation.participants.length === 1 ? 'person' : 'people'}
      </h3>
      <ul className="details-members">
        {conversation.participants.map((p) => (
          <li key={p.username}>
            <Link to={`/u/${p.username}`} className="details-member">
              <Avatar username={p.username} src={p.profile_image} size={36} />
              <span>
                <strong>
                  {displayName(p)}
                  {p.username === me ? ' (you)' : ''}
                </strong>
                <small>@{p.username}</small>
              </span>
            </Link>
          </li>
        ))}
      </ul>

      {conversation.is_group &&
        (adding ? (
          <div className="details-add">
            <PeoplePicker
              selected={adding}
              onChange={setAdding}
              max={Math.max(room, 0)}
              exclude={conversation.participants.map((p) => p.username)}
              label="Add people"
            />
            <div className="row-end">
              <Button variant="ghost" size="sm" onClick={() => setAdding(null)}>
                Cancel
              </Button>
              <Button
                size="sm"
                variant="primary"
                disabled={adding.length === 0}
                busy={busy === 'add'}
                onClick={() =>
                  void run('add', () =>
                    addParticipants(
                      conversation.id,
                      adding.map((u) => u.username),
                    ),
                  ).then((ok) => ok && setAdding(null))
                }
              >
                Add
              </Button>
            </div>
          </div>
        ) : (
          <Button
            icon={<UserPlus size={18} aria-hidden="true" />}
            disabled={room <= 0}
            onClick={() => setAdding([])}
          >
            {room <= 0 ? 'The group is full (10 people)' : 'Add people'}
          </Button>
        ))}

      <FormError message={error} />

      <div className="details-actions">
        <Button
          icon={
            conversation.muted ? (
              <Bell size={18} aria-hidden="true" />
            ) : (
              <BellOff size={18} aria-hidden="true" />
            )
          }
          aria-pressed={conversation.muted}
          busy={busy === 'mute'}
          onClick={() =>
            void run('mute', () =>
              updateConversation(conversation.id, { muted: !conversation.muted }),
            ).then(() => store.refreshUnread())
          }
        >
          {conversation.muted ? 'Unmute' : 'Mute'}
        </Button>
        <Button
          variant="danger"
          icon={<LogOut size={18} aria-hidden="true" />}
          onClick={() => setLeaving(true)}
        >
          Leave
        </Button>
      </div>
      <ConfirmDialog
        open={leaving}
        title={conversation.is_group ? 'Leave this group?' : 'Leave this conversation?'}
        confirmLabel="Leave"
        onClose={() => setLeaving(false)}
        onConfirm={async () => {
          await leaveConversation(conversation.id)
          setLeaving(false)
          onLeft()
        }}
      >
        {conversation.is_group
          ? 'You will stop getting its messages. Someone in it can add you back.'
          : 'It leaves your inbox; it comes back if they write again.'}
      </ConfirmDialog>
    </div>
  )
}
