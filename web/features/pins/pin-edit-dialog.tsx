import { useState } from 'react'
import type { Pin } from '../../../protocol/api'
import { messageOf } from '../../lib/api'
import { Button } from '../../ui/button'
import { Dialog } from '../../ui/dialog'
import { TextArea, TextField } from '../../ui/field'
import { FormError } from '../../ui/states'
import { BoardSelect, SectionSelect } from '../boards/board-fields'
import { updatePin } from './pins-api'

interface PinEditDialogProps {
  pin: Pin
  open: boolean
  onClose: () => void
  onSaved: (pin: Pin) => void
  onDelete: () => void
}

export function PinEditDialog({ pin, open, onClose, onSaved, onDelete }: PinEditDialogProps) {
  const [title, setTitle] = useState(pin.title)
  const [description, setDescription] = useState(pin.description)
  const [link, setLink] = useState(pin.link ?? '')
  const [altText, setAltText] = useState(pin.alt_text ?? '')
  const [boardId, setBoardId] = useState(pin.board_id)
  const [sectionId, setSectionId] = useState(pin.board_section_id ?? '')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const save = async () => {
    setBusy(true)
    setError(null)
    try {
      const updated = await updatePin(pin.id, {
        title: title.trim(),
        description: description.trim(),
        link: link.trim() || null,
        alt_text: altText.trim() || null,
        board_id: boardId,
        board_section_id: sectionId || null,
      })
      onSaved(updated)
      onClose()
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Edit this pin"
      footer={
        <>
          <Button variant="danger" onClick={onDelete} className="push-left">
            Delete
          </Button>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" busy={busy} onClick={() => void save()}>
            Save
          </Button>
        </>
      }
    >
      <div className="form-stack">
        <TextField
          label="Title"
          value={title}
          maxLength={100}
          showCount
          onChange={(e) => setTitle(e.target.value)}
        />
        <TextArea
          label="Description"
          value={description}
          maxLength={800}
          showCount
          rows={4}
          onChange={(e) => setDescription(e.target.value)}
        />
        <TextField
          label="Link"
          type="url"
          value={link}
          maxLength={2048}
          placeholder="https://"
          onChange={(e) => setLink(e.target.value)}
        />
        <TextField
          label="Alt text"
          value={altText}
          maxLength={500}
          hint="Describe the picture for people who use screen readers."
          onChange={(e) => setAltText(e.target.value)}
        />
        <BoardSelect
          value={boardId}
          onChange={(id) => {
            setBoardId(id)
            setSectionId('')
          }}
        />
        <SectionSelect boardId={boardId} value={sectionId} onChange={setSectionId} />
        <FormError message={error} />
      </div>
    </Dialog>
  )
}
