import { Button } from './button'

/** An edit dialog's buttons: delete on the left, then cancel and save. */
export function EditDialogFooter({
  deleteLabel,
  busy,
  onDelete,
  onClose,
  onSave,
}: {
  deleteLabel: string
  busy: boolean
  onDelete: () => void
  onClose: () => void
  onSave: () => void
}) {
  return (
    <>
      <Button variant="danger" className="push-left" onClick={onDelete}>
        {deleteLabel}
      </Button>
      <Button variant="ghost" onClick={onClose}>
        Cancel
      </Button>
      <Button variant="primary" busy={busy} onClick={onSave}>
        Save
      </Button>
    </>
  )
}
