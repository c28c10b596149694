import { CheckCircle2 } from 'lucide-react'
import { useId, useState } from 'react'
import { LIMITS } from '../../../protocol/limits'
import { ApiError } from '../../lib/api'
import { useAction } from '../../lib/use-action'
import { Button } from '../../ui/button'
import { Dialog } from '../../ui/dialog'
import { TextArea } from '../../ui/field'
import { FormError } from '../../ui/states'
import {
  createReport,
  REPORT_REASONS,
  targetNoun,
  type ReportReason,
  type ReportTarget,
} from './moderation-api'
import './moderation.css'

interface ReportDialogProps {
  onClose: () => void
  target: ReportTarget
}

/**
 * "Report this pin / board / profile / message": a reason (radio group, focused first), an
 * optional note, then a thank-you. A second report of the same thing says so (409). Open
 * while mounted.
 */
export function ReportDialog({ onClose, target }: ReportDialogProps) {
  const [done, setDone] = useState<'sent' | 'already' | null>(null)
  const formId = useId()
  const action = useAction()
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Report this ${targetNoun(target.type)}`}
      footer={
        done ? undefined : (
          <>
            <Button variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" form={formId} variant="primary" busy={action.busy}>
              Send report
            </Button>
          </>
        )
      }
    >
      {done ? (
        <ReportDone done={done} onClose={onClose} />
      ) : (
        <ReportForm formId={formId} target={target} action={action} onDone={setDone} />
      )}
    </Dialog>
  )
}

function ReportDone({ done, onClose }: { done: 'sent' | 'already'; onClose: () => void }) {
  return (
    <div className="report-done" role="status">
      <CheckCircle2 size={36} aria-hidden="true" />
      <p className="report-done-title">
        {done === 'sent' ? 'Thanks — a moderator will look at it' : 'You already reported this'}
      </p>
      <p>
        {done === 'sent'
          ? 'You will find the outcome under Notices once it has been reviewed.'
          : 'A moderator will look at your earlier report; you will find the outcome under Notices.'}
      </p>
      <Button variant="primary" onClick={onClose} ref={(el) => el?.focus()}>
        Done
      </Button>
    </div>
  )
}

function ReportForm({
  formId,
  target,
  action,
  onDone,
}: {
  formId: string
  target: ReportTarget
  action: ReturnType<typeof useAction>
  onDone: (done: 'sent' | 'already') => void
}) {
  const [reason, setReason] = useState<ReportReason | null>(null)
  const [note, setNote] = useState('')
  const { busy, error, setError, run } = action
  const legendId = useId()

  const submit = () =>
    run(async () => {
      if (!reason) {
        setError('Choose a reason.')
        return
      }
      try {
        await createReport(target, reason, note.trim() || null)
        onDone('sent')
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) onDone('already')
        else throw err
      }
    })

  return (
    <form
      id={formId}
      className="report-form"
      onSubmit={(event) => {
        event.preventDefault()
        if (!busy) void submit()
      }}
    >
      <fieldset className="report-reasons" aria-labelledby={legendId}>
        <legend id={legendId}>Why are you reporting it?</legend>
        {REPORT_REASONS.map((r) => (
          <label key={r.value} className={`report-reason${reason === r.value ? ' selected' : ''}`}>
            <input
              type="radio"
              name="reason"
              value={r.value}
              checked={reason === r.value}
              onChange={() => {
                setReason(r.value)
                setError(null)
              }}
            />
            <span>
              {r.label}
              {r.hint && <small>{r.hint}</small>}
            </span>
          </label>
        ))}
      </fieldset>
      <TextArea
        label="Anything a moderator should know? (optional)"
        value={note}
        maxLength={LIMITS.moderation.reportNote}
        showCount
        rows={3}
        onChange={(event) => setNote(event.target.value)}
      />
      <FormError message={error} />
    </form>
  )
}
