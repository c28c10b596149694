import { Check, Pencil, Plus, Trash2, X } from 'lucide-react'
import { useState } from 'react'
import { NavLink, useNavigate } from 'react-router-dom'
import { LIMITS } from '../../../protocol/limits'
import type { Board, BoardSection, Page } from '../../../protocol/api'
import { messageOf } from '../../lib/api'
import { useResource } from '../../lib/use-resource'
import { IconButton } from '../../ui/button'
import { ConfirmDialog } from '../../ui/confirm-dialog'
import { useToast } from '../../ui/toast'
import { boardPath, createSection, deleteSection, renameSection } from './boards-api'

interface BoardSectionsProps {
  board: Board
  activeSectionId: string | undefined
  isOwner: boolean
}

/** Sections as chips above the board's pins; the owner adds, renames and deletes them. */
export function BoardSections({ board, activeSectionId, isOwner }: BoardSectionsProps) {
  const sections = useResource<Page<BoardSection>>(`/v5/boards/${board.id}/sections?page_size=250`)
  const navigate = useNavigate()
  const toast = useToast()
  const [adding, setAdding] = useState(false)
  const [renaming, setRenaming] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const [name, setName] = useState('')
  const items = sections.data?.items ?? []
  const active = items.find((s) => s.id === activeSectionId)

  if (!isOwner && items.length === 0) return null

  const submitName = async () => {
    const trimmed = name.trim()
    if (!trimmed) return
    try {
      if (renaming && active) {
        const updated = await renameSection(board.id, active.id, trimmed)
        sections.setData((p) => ({
          ...p,
          items: p.items.map((s) => (s.id === updated.id ? updated : s)),
        }))
        setRenaming(false)
      } else {
        const created = await createSection(board.id, trimmed)
        sections.setData((p) => ({ ...p, items: [...p.items, created] }))
        setAdding(false)
        navigate(`${boardPath(board)}/section/${created.id}`)
      }
      setName('')
    } catch (err) {
      toast.show(messageOf(err), { tone: 'error' })
    }
  }

  const nameForm = (
    <form
      className="chip-form"
      onSubmit={(e) => {
        e.preventDefault()
        void submitName()
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          setAdding(false)
          setRenaming(false)
        }
      }}
    >
      <input
        className="input input-sm"
        aria-label="Section name"
        placeholder="Section name"
        maxLength={LIMITS.board.name}
        autoFocus
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <IconButton label="Save section" type="submit" variant="light" size="sm">
        <Check size={16} />
      </IconButton>
      <IconButton
        label="Cancel"
        size="sm"
        onClick={() => {
          setAdding(false)
          setRenaming(false)
        }}
      >
        <X size={16} />
      </IconButton>
    </form>
  )

  return (
    <div className="sections">
      <nav className="chips" aria-label="Board sections">
        <NavLink
          to={boardPath(board)}
          end
          className={({ isActive }) => `chip${isActive ? ' chip-active' : ''}`}
        >
          All pins
        </NavLink>
        {items.map((section) => (
          <NavLink
            key={section.id}
            to={`${boardPath(board)}/section/${section.id}`}
            className={({ isActive }) => `chip${isActive ? ' chip-active' : ''}`}
          >
            {section.name}
          </NavLink>
        ))}
        {isOwner &&
          (adding ? (
            nameForm
          ) : (
            <button
              type="button"
              className="chip chip-add"
              onClick={() => {
                setRenaming(false)
                setName('')
                setAdding(true)
              }}
            >
              <Plus size={16} aria-hidden="true" /> Section
            </button>
          ))}
      </nav>
      {isOwner && active && (
        <div className="section-tools">
          {renaming ? (
            nameForm
          ) : (
            <>
              <IconButton
                label={`Rename section ${active.name}`}
                size="sm"
                onClick={() => {
                  setAdding(false)
                  setName(active.name)
                  setRenaming(true)
                }}
              >
                <Pencil size={16} />
              </IconButton>
              <IconButton
                label={`Delete section ${active.name}`}
                size="sm"
                onClick={() => setDeleting(true)}
              >
                <Trash2 size={16} />
              </IconButton>
            </>
          )}
          <ConfirmDialog
            open={deleting}
            title={`Delete the section "${active.name}"?`}
            confirmLabel="Delete section"
            onClose={() => setDeleting(false)}
            onConfirm={async () => {
              await deleteSection(board.id, active.id)
              sections.setData((p) => ({ ...p, items: p.items.filter((s) => s.id !== active.id) }))
              setDeleting(false)
              navigate(boardPath(board), { replace: true })
            }}
          >
            The section goes away; its pins stay on the board.
          </ConfirmDialog>
        </div>
      )}
    </div>
  )
}
