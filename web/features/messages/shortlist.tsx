import { LayoutGrid, Trophy } from 'lucide-react'
import { useEffect, useState } from 'react'
import { Link } from 'react-router-dom'
import type { Board } from '../../../protocol/api'
import type { ShortlistItem } from '../../../protocol/decide'
import { LIMITS } from '../../../protocol/limits'
import { api, messageOf } from '../../lib/api'
import { useAction } from '../../lib/use-action'
import { Button } from '../../ui/button'
import { Dialog } from '../../ui/dialog'
import { TextField } from '../../ui/field'
import { EmptyState, ErrorState, FormError, Spinner } from '../../ui/states'
import { useToast } from '../../ui/toast'
import { boardPath } from '../boards/boards-api'
import { useMyBoards } from '../boards/my-boards'
import { pinImage, pinPath } from '../pins/pins-api'
import { getShortlist, useVotes, VoteButton } from './votes'

/** How many top pins a board made from a shortlist takes at most (the API's limit). */
const TOP_MAX = 50

export const makeShortlistBoard = (
  conversationId: string,
  body: { name: string; top: number; privacy: 'PUBLIC' | 'SECRET' },
) => api<Board>(`/v5/conversations/${conversationId}/shortlist/board`, { method: 'POST', body })

/** The group's voted pins, most votes first, with who voted, and "Make it a board". */
export function ShortlistPanel({
  conversationId,
  title,
}: {
  conversationId: string
  title: string
}) {
  const votes = useVotes()
  const version = votes?.version ?? 0
  const [items, setItems] = useState<ShortlistItem[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [making, setMaking] = useState(false)
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    let live = true
    getShortlist(conversationId)
      .then((list) => live && (setItems(list.items), setError(null)))
      .catch((err) => live && setError(messageOf(err)))
    return () => {
      live = false
    }
  }, [conversationId, version, attempt])

  if (error && !items)
    return <ErrorState message={error} onRetry={() => setAttempt((a) => a + 1)} />
  if (!items) return <Spinner label="Loading the shortlist" />
  if (items.length === 0) {
    return (
      <EmptyState icon={<Trophy size={28} />} title="No votes yet">
        Vote for the pins you like in the conversation: the most voted rise to the top here.
      </EmptyState>
    )
  }
  return (
    <div className="shortlist">
      <div className="shortlist-bar">
        <p className="muted">Ranked by votes. Turn the top pins into a board you all can add to.</p>
        <Button variant="primary" icon={<LayoutGrid size={16} />} onClick={() => setMaking(true)}>
          Make it a board
        </Button>
      </div>
      <ol className="shortlist-list" aria-label="Shortlist">
        {items.map((item, i) => {
          const thumb = pinImage(item.pin, '150x150')
          const label = item.pin.title || item.pin.alt_text || 'Pin'
          return (
            <li key={item.pin.id} className="shortlist-item">
              <span className="shortlist-rank" aria-hidden="true">
                {i + 1}
              </span>
              <Link
                to={pinPath(item.pin)}
                className="shortlist-thumb"
                style={{ backgroundColor: item.pin.dominant_color }}
                aria-label={label}
              >
                {thumb && <img src={thumb.url} alt="" width={64} height={64} />}
              </Link>
              <div className="shortlist-text">
                <Link to={pinPath(item.pin)} className="shortlist-title">
                  {label}
                </Link>
                <span className="shortlist-voters">
                  {item.votes} {item.votes === 1 ? 'vote' : 'votes'} · {item.voters.join(', ')}
                </span>
              </div>
              <VoteButton pinId={item.pin.id} />
            </li>
          )
        })}
      </ol>
      <MakeBoardDialog
        open={making}
        conversationId={conversationId}
        defaultName={title}
        count={items.length}
        onClose={() => setMaking(false)}
      />
    </div>
  )
}

function MakeBoardDialog({
  open,
  conversationId,
  defaultName,
  count,
  onClose,
}: {
  open: boolean
  conversationId: string
  defaultName: string
  count: number
  onClose: () => void
}) {
  const max = Math.min(count, TOP_MAX)
  const [name, setName] = useState(defaultName.slice(0, LIMITS.board.name))
  const [top, setTop] = useState(String(Math.min(max, 5)))
  const [secret, setSecret] = useState(true)
  const { busy, error, setError, run } = useAction()
  const toast = useToast()
  const { upsert } = useMyBoards()

  const make = async () => {
    const n = Number(top)
    if (!name.trim()) return setError('A board needs a name.')
    if (!Number.isInteger(n) || n < 1 || n > max) {
      return setError(`Choose between 1 and ${max} pins.`)
    }
    await run(async () => {
      const board = await makeShortlistBoard(conversationId, {
        name: name.trim(),
        top: n,
        privacy: secret ? 'SECRET' : 'PUBLIC',
      })
      upsert(board)
      onClose()
      toast.show(`Made ${board.name} with ${board.pin_count} pins`, {
        link: { label: 'View board', to: boardPath(board) },
      })
    })
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Make it a board"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" busy={busy} onClick={() => void make()}>
            Make board
          </Button>
        </>
      }
    >
      <form
        className="form-stack"
        onSubmit={(e) => {
          e.preventDefault()
          void make()
        }}
      >
        <TextField
          label="Board name"
          value={name}
          maxLength={LIMITS.board.name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          label="How many top pins"
          type="number"
          inputMode="numeric"
          min={1}
          max={max}
          value={top}
          hint={`Up to ${max}, most voted first.`}
          onChange={(e) => setTop(e.target.value)}
        />
        <label className="check">
          <input type="checkbox" checked={secret} onChange={(e) => setSecret(e.target.checked)} />
          <span>
            Keep this board secret
            <small>Only you and the group can see it.</small>
          </span>
        </label>
        <p className="muted">Everyone in this conversation can add, remove and move its pins.</p>
        <FormError message={error} />
      </form>
    </Dialog>
  )
}
