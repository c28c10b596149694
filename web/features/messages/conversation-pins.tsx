import { LayoutGrid } from 'lucide-react'
import { useId, useRef, useState, type KeyboardEvent } from 'react'
import type { Pin } from '../../../protocol/api'
import { messageOf } from '../../lib/api'
import { usePagedList } from '../../lib/use-paged-list'
import { Button } from '../../ui/button'
import { Dialog } from '../../ui/dialog'
import { LoadMoreOf } from '../../ui/load-more'
import { Masonry, MasonrySkeleton } from '../../ui/masonry'
import { EmptyState, ErrorState, FormError } from '../../ui/states'
import { useToast } from '../../ui/toast'
import { boardPath } from '../boards/boards-api'
import { defaultBoard, useMyBoards } from '../boards/my-boards'
import { PinCard, pinCardExtra } from '../pins/pin-card'
import { pinRatio, savePin } from '../pins/pins-api'
import { ShortlistPanel } from './shortlist'

interface Props {
  open: boolean
  conversationId: string
  onClose: () => void
  /** a group's: a Shortlist tab too (its pins ranked by votes); its title names a board made of it */
  group?: { title: string }
}

/** "Pins in this conversation": every pin shared in it, as a small board; in a group, its shortlist. */
export function ConversationPinsDialog({ open, conversationId, onClose, group }: Props) {
  return (
    <Dialog open={open} onClose={onClose} title="Pins in this conversation" size="lg">
      {open &&
        (group ? (
          <PinsTabs conversationId={conversationId} title={group.title} />
        ) : (
          <PinsBoard conversationId={conversationId} />
        ))}
    </Dialog>
  )
}

const TABS = [
  { id: 'all', label: 'All pins' },
  { id: 'shortlist', label: 'Shortlist' },
] as const

/** "All pins" and "Shortlist", as tabs (arrow keys move between them). */
function PinsTabs({ conversationId, title }: { conversationId: string; title: string }) {
  const [tab, setTab] = useState<(typeof TABS)[number]['id']>('all')
  const base = useId()
  const listRef = useRef<HTMLDivElement>(null)
  const onKeyDown = (event: KeyboardEvent) => {
    const index = TABS.findIndex((t) => t.id === tab)
    const moves: Record<string, number> = {
      ArrowRight: (index + 1) % TABS.length,
      ArrowLeft: (index + TABS.length - 1) % TABS.length,
      Home: 0,
      End: TABS.length - 1,
    }
    const target = moves[event.key]
    if (target === undefined) return
    event.preventDefault()
    setTab(TABS[target]!.id)
    listRef.current
      ?.querySelector<HTMLElement>(`#${CSS.escape(`${base}-${TABS[target]!.id}`)}`)
      ?.focus()
  }
  return (
    <>
      <div
        className="convo-pins-tabs"
        role="tablist"
        aria-label="Pins"
        ref={listRef}
        onKeyDown={onKeyDown}
      >
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`${base}-${t.id}`}
            type="button"
            role="tab"
            className={`convo-pins-tab${t.id === tab ? ' active' : ''}`}
            aria-selected={t.id === tab}
            aria-controls={`${base}-panel`}
            tabIndex={t.id === tab ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id={`${base}-panel`} role="tabpanel" aria-labelledby={`${base}-${tab}`}>
        {tab === 'all' ? (
          <PinsBoard conversationId={conversationId} />
        ) : (
          <ShortlistPanel conversationId={conversationId} title={title} />
        )}
      </div>
    </>
  )
}

function PinsBoard({ conversationId }: { conversationId: string }) {
  const list = usePagedList<Pin>(`/v5/conversations/${conversationId}/pins`, 50)
  const { boards, lastBoardId, rememberBoard } = useMyBoards()
  const toast = useToast()
  const [boardId, setBoardId] = useState<string>('')
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const target = boards.find((b) => b.id === boardId) ?? defaultBoard(boards, lastBoardId)

  const saveAll = async () => {
    if (!target) return
    const pins = list.items
    setError(null)
    setProgress({ done: 0, total: pins.length })
    let failed = 0
    for (const [i, pin] of pins.entries()) {
      try {
        await savePin(pin.id, target.id)
      } catch (err) {
        failed += 1
        setError(messageOf(err))
      }
      setProgress({ done: i + 1, total: pins.length })
    }
    setProgress(null)
    rememberBoard(target.id)
    toast.show(
      failed
        ? `Saved ${pins.length - failed} of ${pins.length} pins to ${target.name}`
        : `Saved ${pins.length} ${pins.length === 1 ? 'pin' : 'pins'} to ${target.name}`,
      { link: { label: 'View board', to: boardPath(target) } },
    )
  }

  if (list.status === 'loading') return <MasonrySkeleton count={6} />
  if (list.status === 'error') return <ErrorState message={list.error} onRetry={list.reload} />
  if (list.items.length === 0) {
    return (
      <EmptyState icon={<LayoutGrid size={28} />} title="No pins yet">
        Pins sent in this conversation gather here.
      </EmptyState>
    )
  }
  return (
    <div className="convo-pins">
      <div className="convo-pins-bar">
        {boards.length > 0 ? (
          <>
            <label htmlFor={`save-all-${conversationId}`}>Save all to</label>
            <select
              id={`save-all-${conversationId}`}
              className="input"
              value={target?.id ?? ''}
              onChange={(e) => setBoardId(e.target.value)}
            >
              {boards.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
            <Button variant="primary" busy={progress !== null} onClick={() => void saveAll()}>
              {progress ? `Saving ${progress.done}/${progress.total}…` : 'Save all to a board'}
            </Button>
          </>
        ) : (
          <span className="muted">Create a board to save these pins to.</span>
        )}
      </div>
      <FormError message={error} />
      <Masonry
        items={list.items}
        label="Pins in this conversation"
        getKey={(p) => p.id}
        ratio={pinRatio}
        extra={pinCardExtra}
        minColumns={2}
        render={(pin) => <PinCard pin={pin} />}
      />
      <LoadMoreOf list={list} />
    </div>
  )
}
