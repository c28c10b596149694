import { UserPlus, Users } from 'lucide-react'
import { useCallback, useEffect, useState } from 'react'
import { Link } from 'react-router-dom'
import type { Board, Page, UserSummary } from '../../../protocol/api'
import { api } from '../../lib/api'
import { useAction } from '../../lib/use-action'
import { Avatar } from '../../ui/avatar'
import { Button } from '../../ui/button'
import { ConfirmDialog } from '../../ui/confirm-dialog'
import { Dialog } from '../../ui/dialog'
import { FormError } from '../../ui/states'
import { useToast } from '../../ui/toast'
import { PeoplePicker } from '../messages/people-picker'

export const listCollaborators = (boardId: string) =>
  api<Page<UserSummary>>(`/v5/boards/${boardId}/collaborators`, { query: { page_size: 100 } })

export const addCollaborators = (boardId: string, usernames: string[]) =>
  api<Page<UserSummary>>(`/v5/boards/${boardId}/collaborators`, {
    method: 'POST',
    body: { usernames },
  })

export const removeCollaborator = (boardId: string, username: string) =>
  api<void>(`/v5/boards/${boardId}/collaborators/${encodeURIComponent(username)}`, {
    method: 'DELETE',
  })

/** At most this many people are invited at once (the API's limit). */
const INVITE_MAX = 20

/**
 * A group board's people: its collaborators (who may add, remove and move its pins) under the
 * owner; the owner invites more (people they may message), a collaborator may leave.
 */
export function BoardCollaborators({
  board,
  me,
  onChange,
  onMembership,
}: {
  board: Board
  me: string | null
  onChange: (board: Board) => void
  /** whether the viewer collaborates on the board (known once loaded) */
  onMembership: (collaborates: boolean) => void
}) {
  const isOwner = me === board.owner.username
  const [people, setPeople] = useState<UserSummary[]>([])
  const [inviting, setInviting] = useState(false)
  const [leaving, setLeaving] = useState(false)
  const toast = useToast()

  const shown = useCallback(
    (list: UserSummary[]) => {
      setPeople(list)
      onMembership(me !== null && list.some((u) => u.username === me))
    },
    [me, onMembership],
  )

  useEffect(() => {
    if (board.collaborator_count === 0 && !isOwner) return
    listCollaborators(board.id)
      .then((page) => shown(page.items))
      .catch(() => undefined)
  }, [board.id, board.collaborator_count, isOwner, shown])

  if (people.length === 0 && !isOwner) return null
  return (
    <div className="board-collaborators">
      {people.length > 0 && (
        <p className="board-collaborators-list">
          <Users size={16} aria-hidden="true" />
          <span>With</span>
          {people.map((u, i) => (
            <span key={u.username} className="board-collaborator">
              <Link to={`/u/${u.username}`}>
                <Avatar username={u.username} size={22} />
                <span>{u.username}</span>
              </Link>
              {i < people.length - 1 ? ',' : ''}
            </span>
          ))}
        </p>
      )}
      {isOwner ? (
        <Button size="sm" icon={<UserPlus size={16} />} onClick={() => setInviting(true)}>
          Invite collaborators
        </Button>
      ) : (
        me !== null &&
        people.some((u) => u.username === me) && (
          <Button size="sm" variant="ghost" onClick={() => setLeaving(true)}>
            Leave board
          </Button>
        )
      )}
      {isOwner && (
        <InviteDialog
          open={inviting}
          board={board}
          exclude={[board.owner.username, ...people.map((u) => u.username)]}
          onClose={() => setInviting(false)}
          onInvited={(list) => {
            shown(list)
            onChange({ ...board, collaborator_count: list.length })
            toast.show('Invited: they can add pins to this board now')
          }}
        />
      )}
      <ConfirmDialog
        open={leaving}
        title={`Leave "${board.name}"?`}
        confirmLabel="Leave board"
        onClose={() => setLeaving(false)}
        onConfirm={async () => {
          await removeCollaborator(board.id, me!)
          const rest = people.filter((u) => u.username !== me)
          shown(rest)
          onChange({ ...board, collaborator_count: rest.length })
          setLeaving(false)
          toast.show('You left the board')
        }}
      >
        You will no longer add pins to it. The pins you added stay.
      </ConfirmDialog>
    </div>
  )
}

function InviteDialog({
  open,
  board,
  exclude,
  onClose,
  onInvited,
}: {
  open: boolean
  board: Board
  exclude: string[]
  onClose: () => void
  onInvited: (collaborators: UserSummary[]) => void
}) {
  const [picked, setPicked] = useState<UserSummary[]>([])
  const { busy, error, setError, run } = useAction()

  const invite = async () => {
    if (picked.length === 0) return setError('Pick someone to invite.')
    await run(async () => {
      const page = await addCollaborators(
        board.id,
        picked.map((u) => u.username),
      )
      onInvited(page.items)
      setPicked([])
      onClose()
    })
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Invite collaborators"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" busy={busy} onClick={() => void invite()}>
            Invite
          </Button>
        </>
      }
    >
      <div className="form-stack">
        <p className="muted">
          Collaborators can add, remove and move pins on {board.name}. You can invite people you may
          message.
        </p>
        {open && (
          <PeoplePicker
            selected={picked}
            onChange={setPicked}
            max={INVITE_MAX}
            exclude={exclude}
            label="Invite people"
            autoFocus
          />
        )}
        <FormError message={error} />
      </div>
    </Dialog>
  )
}
