import type { ReactNode } from 'react'
import { useAction } from '../lib/use-action'
import { Button } from './button'
import { Dialog } from './dialog'
import { FormError } from './states'

interface ConfirmDialogProps {
  open: boolean
  title: string
  children: ReactNode
  confirmLabel: string
  onConfirm: () => Promise<void>
  onClose: () => void
}

/** "Are you sure?" for destructive actions; shows the server's refusal if any. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const { busy, error, run } = useAction()

  const confirm = () => run(onConfirm)

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      size="sm"
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="danger" busy={busy} onClick={() => void confirm()}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <div className="confirm-text">{children}</div>
      <FormError message={error} />
    </Dialog>
  )
}
