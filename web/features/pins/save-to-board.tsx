import { Check, ChevronDown, Lock, Plus, Search } from 'lucide-react'
import { useId, useRef, useState } from 'react'
import type { Board, Pin } from '../../../protocol/api'
import { messageOf } from '../../lib/api'
import { Button } from '../../ui/button'
import { Popover } from '../../ui/popover'
import { useToast } from '../../ui/toast'
import { boardPath } from '../boards/boards-api'
import { CreateBoardForm } from '../boards/create-board-form'
import { defaultBoard, useMyBoards } from '../boards/my-boards'
import { savePin } from './pins-api'
import { recordSave, useSavedTo } from './saved-state'

interface SaveToBoardProps {
  pin: Pin
  /** `overlay` sits on a grid card's image; `page` on the close-up. */
  variant: 'overlay' | 'page'
  /** the message whose card this picker sits on (the save is recorded with it) */
  messageId?: string
  /** `created`: false when the board held this pin already (nothing changed) */
  onSaved?: (saved: Pin, board: Board, created: boolean) => void
}

/**
 * The board picker and "Save" button: save a pin to one of your boards in one click. A pin you
 * have (saved, or your own) says "Saved" and the picker marks the boards that hold it.
 */
export function SaveToBoard({ pin, variant, messageId, onSaved }: SaveToBoardProps) {
  const { boards, lastBoardId, rememberBoard, status } = useMyBoards()
  const toast = useToast()
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [picked, setPicked] = useState<string | null>(null)
  const saveRef = useRef<HTMLButtonElement>(null)
  const savedTo = useSavedTo(pin, status === 'ready' ? boards : null)
  const saved = savedTo.length > 0
  const latest = savedTo[savedTo.length - 1]
  const target =
    boards.find((b) => b.id === (picked ?? (saved ? latest!.board_id : null))) ??
    defaultBoard(boards, lastBoardId)

  const save = async (board: Board) => {
    setOpen(false)
    setPicked(board.id)
    const held = savedTo.some((s) => s.board_id === board.id)
    setBusy(true)
    try {
      const copy = await savePin(pin.id, board.id, null, messageId)
      rememberBoard(board.id)
      recordSave(pin.id, { board_id: board.id, board_name: board.name, pin_id: copy.id })
      toast.show(held ? `Already saved to ${board.name}` : `Saved to ${board.name}`, {
        link: { label: 'View board', to: boardPath(board) },
      })
      onSaved?.(copy, board, !held)
    } catch (err) {
      toast.show(messageOf(err), { tone: 'error' })
    } finally {
      setBusy(false)
    }
  }

  const savedLabel =
    savedTo.length === 1
      ? `Saved to ${latest!.board_name}`
      : `Saved to ${savedTo.length} boards: ${savedTo.map((s) => s.board_name).join(', ')}`

  return (
    <div className={`save-to-board save-to-board-${variant}`}>
      <div className="board-picker">
        {(status === 'loading' || boards.length > 0) && (
          <button
            type="button"
            className="board-picker-button"
            aria-haspopup="dialog"
            aria-expanded={open}
            aria-label={target ? `Choose a board, now ${target.name}` : undefined}
            onClick={() => setOpen((v) => !v)}
          >
            <span className="board-picker-name">
              {status === 'loading' ? 'Boards…' : (target?.name ?? 'Choose board')}
            </span>
            <ChevronDown size={16} aria-hidden="true" />
          </button>
        )}
        {open && (
          <BoardPickerPopover
            boards={boards}
            loading={status === 'loading'}
            savedIn={new Set(savedTo.map((s) => s.board_id))}
            onPick={(board) => {
              saveRef.current?.focus()
              void save(board)
            }}
            onClose={() => setOpen(false)}
          />
        )}
      </div>
      <Button
        variant={saved && !busy ? 'dark' : 'primary'}
        className="save-button"
        ref={saveRef}
        busy={busy}
        aria-label={saved && !busy ? savedLabel : undefined}
        aria-haspopup={saved ? 'dialog' : undefined}
        onClick={() => {
          // saved already: the picker, to save it to another board too
          if (saved) setOpen(true)
          else if (target) void save(target)
          else setOpen(true)
        }}
      >
        {saved && !busy ? 'Saved' : 'Save'}
      </Button>
    </div>
  )
}

interface PopoverProps {
  boards: Board[]
  /** ids of the boards that hold this pin already */
  savedIn: ReadonlySet<string>
  /** the boards are still on their way (opened from "Boards…", or from Save before they came) */
  loading: boolean
  onPick: (board: Board) => void
  onClose: () => void
}

function BoardPickerPopover({ boards, loading, savedIn, onPick, onClose }: PopoverProps) {
  const [filter, setFilter] = useState('')
  // null until asked for or not: then as the boards say (a form to create the first one when
  // there are none), once they have loaded, not from the empty list shown while they load
  const [askedToCreate, setCreating] = useState<boolean | null>(null)
  const creating = askedToCreate ?? (!loading && boards.length === 0)
  const headingId = useId()
  const shown = boards.filter((b) => b.name.toLowerCase().includes(filter.trim().toLowerCase()))

  return (
    // Placed inside the viewport, above any scrolling list; Esc, a press outside or focus
    // leaving closes it (web/ui/popover.tsx).
    <Popover className="picker-popover" role="dialog" aria-labelledby={headingId} onClose={onClose}>
      <h3 id={headingId} className="picker-title">
        {creating ? 'Create board' : 'Save to board'}
      </h3>
      {creating ? (
        <CreateBoardForm
          compact
          submitLabel="Create and save"
          onCreated={onPick}
          onCancel={boards.length ? () => setCreating(false) : onClose}
        />
      ) : (
        <>
          {boards.length > 6 && (
            <div className="picker-search">
              <Search size={16} aria-hidden="true" />
              <input
                aria-label="Search your boards"
                placeholder="Search"
                value={filter}
                autoFocus
                onChange={(e) => setFilter(e.target.value)}
              />
            </div>
          )}
          <ul className="picker-list">
            {shown.map((board, i) => {
              const held = savedIn.has(board.id)
              return (
                <li key={board.id}>
                  <button
                    type="button"
                    className={`picker-item${held ? ' picker-item-held' : ''}`}
                    autoFocus={boards.length <= 6 && i === 0}
                    onClick={() => onPick(board)}
                  >
                    <BoardThumb board={board} />
                    <span className="picker-item-name">{board.name}</span>
                    {board.privacy === 'SECRET' && <Lock size={14} aria-label="Secret board" />}
                    {held ? (
                      <span className="picker-item-saved">
                        <Check size={14} aria-hidden="true" /> Saved
                      </span>
                    ) : (
                      <span className="picker-item-save" aria-hidden="true">
                        <Check size={14} /> Save
                      </span>
                    )}
                  </button>
                </li>
              )
            })}
            {loading ? (
              // the status inside the item: a list holds list items only
              <li className="picker-none">
                <span role="status">Loading your boards…</span>
              </li>
            ) : (
              shown.length === 0 && <li className="picker-none">No boards match.</li>
            )}
          </ul>
          <button type="button" className="picker-create" onClick={() => setCreating(true)}>
            <span className="picker-create-icon">
              <Plus size={18} aria-hidden="true" />
            </span>
            Create board
          </button>
        </>
      )}
    </Popover>
  )
}

export function BoardThumb({ board, size = 40 }: { board: Board; size?: number }) {
  const src = board.media?.image_cover_url ?? board.media?.pin_thumbnail_urls?.[0]
  return src ? (
    <img className="board-thumb" src={src} alt="" width={size} height={size} />
  ) : (
    <span className="board-thumb board-thumb-empty" style={{ width: size, height: size }} />
  )
}
