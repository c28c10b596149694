import { useState } from 'react'
import { LIMITS } from '../../../protocol/limits'
import type { Board } from '../../../protocol/api'
import { useAction } from '../../lib/use-action'
import { Dialog } from '../../ui/dialog'
import { EditDialogFooter } from '../../ui/edit-dialog-footer'
import { TextArea, TextField } from '../../ui/field'
import { FormError } from '../../ui/states'
import { updateBoard } from './boards-api'

interface BoardEditDialogProps {
  board: Board
  open: boolean
  onClose: () => void
  onSaved: (board: Board) => void
  onDelete: () => void
}

export function BoardEditDialog({ board, open, onClose, onSaved, onDelete }: BoardEditDialogProps) {
  const [name, setName] = useState(board.name)
  const [description, setDescription] = useState(board.description)
  const [secret, setSecret] = useState(board.privacy === 'SECRET')
  const { busy, error, setError, run } = useAction()

  const save = async () => {
    if (!name.trim()) {
      setError('A board needs a name.')
      return
    }
    await run(async () => {
      const updated = await updateBoard(board.id, {
        name: name.trim(),
        description: description.trim(),
        privacy: secret ? 'SECRET' : 'PUBLIC',
      })
      onSaved(updated)
      onClose()
    })
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Edit your board"
      footer={
        <EditDialogFooter
          deleteLabel="Delete board"
          busy={busy}
          onDelete={onDelete}
          onClose={onClose}
          onSave={() => void save()}
        />
      }
    >
      <div className="form-stack">
        <TextField
          label="Name"
          value={name}
          maxLength={LIMITS.board.name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextArea
          label="Description"
          value={description}
          maxLength={LIMITS.board.description}
          showCount
          rows={3}
          placeholder="What is this board about?"
          onChange={(e) => setDescription(e.target.value)}
        />
        <label className="check">
          <input type="checkbox" checked={secret} onChange={(e) => setSecret(e.target.checked)} />
          <span>
            Keep this board secret
            <small>Only you can see a secret board and its pins.</small>
          </span>
        </label>
        <FormError message={error} />
      </div>
    </Dialog>
  )
}
