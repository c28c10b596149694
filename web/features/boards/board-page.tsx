import { Lock, Pencil, Plus } from 'lucide-react'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import type { Board, Pin } from '../../../protocol/api'
import { NotFoundPage } from '../../app/not-found-page'
import { useSession } from '../../app/session'
import { messageOf } from '../../lib/api'
import { usePagedList } from '../../lib/use-paged-list'
import { useDocumentTitle } from '../../lib/use-document-title'
import { useResource } from '../../lib/use-resource'
import { Avatar } from '../../ui/avatar'
import { Button, ButtonLink, IconButton } from '../../ui/button'
import { ConfirmDialog } from '../../ui/confirm-dialog'
import { EmptyState, ErrorState, Spinner } from '../../ui/states'
import { useToast } from '../../ui/toast'
import { PinGrid } from '../pins/pin-grid'
import { SendButton } from '../messages/share-sheet'
import { ReportMenu } from '../moderation/report-menu'
import { BoardCollaborators } from './board-collaborators'
import { BoardEditDialog } from './board-edit-dialog'
import { BoardSections } from './board-sections'
import { deleteBoard, followBoard } from './boards-api'
import { useMyBoards } from './my-boards'
import './boards.css'

function plural(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`
}

/** A board: its name and owner, its sections, and its pins as a grid. */
export function BoardPage() {
  const { boardId = '', sectionId } = useParams()
  const board = useResource<Board>(`/v5/boards/${boardId}`)

  if (board.notFound) return <NotFoundPage />
  if (board.status === 'error') return <ErrorState message={board.error} onRetry={board.reload} />
  if (!board.data) return <Spinner label="Loading board" />
  return (
    <BoardView
      key={board.data.id}
      board={board.data}
      sectionId={sectionId}
      onChange={(b) => board.setData(() => b)}
    />
  )
}

interface BoardViewProps {
  board: Board
  sectionId: string | undefined
  onChange: (board: Board) => void
}

function BoardView({ board, sectionId, onChange }: BoardViewProps) {
  const { account } = useSession()
  const myBoards = useMyBoards()
  const navigate = useNavigate()
  const toast = useToast()
  const [editing, setEditing] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const [followBusy, setFollowBusy] = useState(false)
  const isOwner = account?.username === board.owner.username
  // a group board's collaborator adds pins as its owner does
  const [collaborates, setCollaborates] = useState(false)
  useDocumentTitle(board.name)
  const pins = usePagedList<Pin>(
    sectionId ? `/v5/boards/${board.id}/sections/${sectionId}/pins` : `/v5/boards/${board.id}/pins`,
  )

  const toggleFollow = async () => {
    const next = !board.is_following
    setFollowBusy(true)
    onChange({
      ...board,
      is_following: next,
      follower_count: board.follower_count + (next ? 1 : -1),
    })
    try {
      await followBoard(board.id, next)
    } catch (err) {
      onChange(board)
      toast.show(messageOf(err), { tone: 'error' })
    } finally {
      setFollowBusy(false)
    }
  }

  return (
    <div className="page page-wide">
      <header className="board-header">
        <h1>
          {board.name}
          {board.privacy === 'SECRET' && (
            <span
              className="secret-badge"
              title={
                board.collaborator_count > 0
                  ? 'Secret board: only its owner and collaborators can see it'
                  : 'Secret board: only you can see it'
              }
            >
              <Lock size={20} aria-hidden="true" />
              <span className="visually-hidden">(secret)</span>
            </span>
          )}
        </h1>
        {board.description && <p className="board-description">{board.description}</p>}
        <Link to={`/u/${board.owner.username}`} className="board-owner">
          <Avatar username={board.owner.username} size={28} />
          <span>{board.owner.username}</span>
        </Link>
        <p className="board-counts">
          {plural(board.pin_count, 'pin', 'pins')} ·{' '}
          {plural(board.follower_count, 'follower', 'followers')}
        </p>
        <BoardCollaborators
          board={board}
          me={account?.username ?? null}
          onChange={onChange}
          onMembership={setCollaborates}
        />
        <div className="board-actions">
          {isOwner ? (
            <>
              <IconButton label="Edit board" variant="light" onClick={() => setEditing(true)}>
                <Pencil size={20} />
              </IconButton>
              <ButtonLink to={`/pin-builder?board=${board.id}`} icon={<Plus size={18} />}>
                Add a pin
              </ButtonLink>
            </>
          ) : collaborates ? (
            <ButtonLink to={`/pin-builder?board=${board.id}`} icon={<Plus size={18} />}>
              Add a pin
            </ButtonLink>
          ) : (
            account && (
              <Button
                variant={board.is_following ? 'secondary' : 'primary'}
                aria-pressed={board.is_following ?? false}
                disabled={followBusy}
                onClick={() => void toggleFollow()}
              >
                {board.is_following ? 'Following board' : 'Follow board'}
              </Button>
            )
          )}
          {board.privacy === 'PUBLIC' && (
            <SendButton attachment={{ type: 'board', id: board.id }} noun="board" />
          )}
          {account && !isOwner && (
            <ReportMenu
              target={{ type: 'board', id: board.id }}
              triggerClassName="icon-btn icon-btn-light icon-btn-md"
            />
          )}
        </div>
      </header>

      <BoardSections board={board} activeSectionId={sectionId} isOwner={isOwner} />

      <PinGrid
        list={pins}
        label={`Pins on ${board.name}`}
        empty={
          isOwner ? (
            <EmptyState
              title={sectionId ? 'No pins in this section yet' : 'Your board is ready for ideas'}
              action={
                <ButtonLink
                  to={`/pin-builder?board=${board.id}`}
                  variant="primary"
                  icon={<Plus size={18} />}
                >
                  Create a pin
                </ButtonLink>
              }
            >
              Save pins here from your feed, or create one of your own.
            </EmptyState>
          ) : (
            <EmptyState title="Nothing on this board yet">
              When {board.owner.username} saves pins here, they will show up.
            </EmptyState>
          )
        }
      />

      {isOwner && (
        <>
          <BoardEditDialog
            board={board}
            open={editing}
            onClose={() => setEditing(false)}
            onSaved={(updated) => {
              onChange(updated)
              myBoards.upsert(updated)
              toast.show('Board saved')
            }}
            onDelete={() => {
              setEditing(false)
              setDeleting(true)
            }}
          />
          <ConfirmDialog
            open={deleting}
            title={`Delete "${board.name}"?`}
            confirmLabel="Delete board"
            onClose={() => setDeleting(false)}
            onConfirm={async () => {
              await deleteBoard(board.id)
              myBoards.remove(board.id)
              toast.show('Board deleted')
              navigate(`/u/${board.owner.username}/boards`, { replace: true })
            }}
          >
            The board and its {plural(board.pin_count, 'pin', 'pins')} will be deleted for good.
          </ConfirmDialog>
        </>
      )}
    </div>
  )
}
