import { Plus } from 'lucide-react'
import { useId, useState } from 'react'
import type { BoardSection, Page } from '../../../protocol/api'
import { useResource } from '../../lib/use-resource'
import { Button } from '../../ui/button'
import { CreateBoardForm } from './create-board-form'
import { useMyBoards } from './my-boards'

interface BoardSelectProps {
  value: string
  onChange: (boardId: string) => void
}

/** Choose one of your boards, or create one right here. */
export function BoardSelect({ value, onChange }: BoardSelectProps) {
  const { boards, status } = useMyBoards()
  const [creating, setCreating] = useState(false)
  const id = useId()

  return (
    <div className="field">
      <div className="field-label-row">
        <label htmlFor={id}>Board</label>
        {!creating && (
          <Button
            size="sm"
            variant="ghost"
            icon={<Plus size={16} />}
            onClick={() => setCreating(true)}
          >
            Create board
          </Button>
        )}
      </div>
      {creating ? (
        <div className="inline-panel">
          <CreateBoardForm
            onCreated={(board) => {
              onChange(board.id)
              setCreating(false)
            }}
            onCancel={() => setCreating(false)}
          />
        </div>
      ) : (
        <select
          id={id}
          className="input select"
          value={value}
          required
          onChange={(e) => onChange(e.target.value)}
        >
          {status === 'loading' && <option value="">Loading your boards…</option>}
          {status !== 'loading' && boards.length === 0 && (
            <option value="">No boards yet — create one</option>
          )}
          {status !== 'loading' && boards.length > 0 && !value && (
            <option value="">Choose a board</option>
          )}
          {boards.map((board) => (
            <option key={board.id} value={board.id}>
              {board.name}
              {board.privacy === 'SECRET' ? ' (secret)' : ''}
            </option>
          ))}
        </select>
      )}
    </div>
  )
}

interface SectionSelectProps {
  boardId: string
  value: string
  onChange: (sectionId: string) => void
}

/** The sections of a board; hidden when the board has none. */
export function SectionSelect({ boardId, value, onChange }: SectionSelectProps) {
  const sections = useResource<Page<BoardSection>>(
    boardId ? `/v5/boards/${boardId}/sections?page_size=250` : null,
  )
  const id = useId()
  const items = sections.data?.items ?? []
  if (items.length === 0) return null
  return (
    <div className="field">
      <label htmlFor={id}>Section</label>
      <select
        id={id}
        className="input select"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">No section</option>
        {items.map((section) => (
          <option key={section.id} value={section.id}>
            {section.name}
          </option>
        ))}
      </select>
    </div>
  )
}
