import { useState } from 'react'
import { LIMITS } from '../../../protocol/limits'
import type { Board } from '../../../protocol/api'
import { messageOf } from '../../lib/api'
import { Button } from '../../ui/button'
import { TextField } from '../../ui/field'
import { FormError } from '../../ui/states'
import { createBoard } from './boards-api'
import { useMyBoards } from './my-boards'

interface CreateBoardFormProps {
  onCreated: (board: Board) => void
  onCancel?: () => void
  compact?: boolean
  submitLabel?: string
}

/** Name + secret toggle: enough to make a board without leaving the current task. */
export function CreateBoardForm({
  onCreated,
  onCancel,
  compact = false,
  submitLabel = 'Create',
}: CreateBoardFormProps) {
  const { upsert } = useMyBoards()
  const [name, setName] = useState('')
  const [secret, setSecret] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async () => {
    if (!name.trim()) {
      setError('Give your board a name.')
      return
    }
    setBusy(true)
    setError(null)
    try {
      const board = await createBoard({ name: name.trim(), privacy: secret ? 'SECRET' : 'PUBLIC' })
      upsert(board)
      onCreated(board)
    } catch (err) {
      setError(messageOf(err))
      setBusy(false)
    }
  }

  // Not a <form>: this sits inside other forms (the pin builder) and popovers.
  return (
    <div className={`create-board${compact ? ' create-board-compact' : ''}`}>
      <TextField
        label="Board name"
        placeholder='Like "Places to go" or "Recipes"'
        value={name}
        maxLength={LIMITS.board.name}
        autoFocus
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            void submit()
          }
        }}
      />
      <label className="check">
        <input type="checkbox" checked={secret} onChange={(e) => setSecret(e.target.checked)} />
        <span>
          Keep this board secret
          <small>Only you will see it.</small>
        </span>
      </label>
      <FormError message={error} />
      <div className="row-end">
        {onCancel && (
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        )}
        <Button variant="primary" busy={busy} onClick={() => void submit()}>
          {submitLabel}
        </Button>
      </div>
    </div>
  )
}
