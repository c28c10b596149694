import { useState } from 'react'
import type { Pin } from '../../../protocol/api'
import { useAction } from '../../lib/use-action'
import { Dialog } from '../../ui/dialog'
import { EditDialogFooter } from '../../ui/edit-dialog-footer'
import { FormError } from '../../ui/states'
import { PinDetailsFields, pinDetailsBody, type PinDetails } from './pin-details-fields'
import { updatePin } from './pins-api'

interface PinEditDialogProps {
  pin: Pin
  open: boolean
  onClose: () => void
  onSaved: (pin: Pin) => void
  onDelete: () => void
}

export function PinEditDialog({ pin, open, onClose, onSaved, onDelete }: PinEditDialogProps) {
  const [details, setDetails] = useState<PinDetails>({
    title: pin.title,
    description: pin.description,
    link: pin.link ?? '',
    altText: pin.alt_text ?? '',
    boardId: pin.board_id,
    sectionId: pin.board_section_id ?? '',
  })
  const { busy, error, run } = useAction()

  const save = () =>
    run(async () => {
      const updated = await updatePin(pin.id, {
        ...pinDetailsBody(details),
        board_section_id: details.sectionId || null,
      })
      onSaved(updated)
      onClose()
    })

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Edit this pin"
      footer={
        <EditDialogFooter
          deleteLabel="Delete"
          busy={busy}
          onDelete={onDelete}
          onClose={onClose}
          onSave={() => void save()}
        />
      }
    >
      <div className="form-stack">
        <PinDetailsFields
          details={details}
          onChange={(patch) => setDetails((d) => ({ ...d, ...patch }))}
        />
        <FormError message={error} />
      </div>
    </Dialog>
  )
}
