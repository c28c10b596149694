import { useState } from 'react'
import { LIMITS } from '../../../protocol/limits'
import { useAction } from '../../lib/use-action'
import { Button } from '../../ui/button'
import { Dialog } from '../../ui/dialog'
import { TextArea } from '../../ui/field'
import { FormError } from '../../ui/states'
import { targetNoun, type AdminReport, type ModerationAction } from './moderation-api'

interface ActionCopy {
  title: string
  explain: string
  confirm: string
  noteLabel: string
  danger: boolean
}

/** What each action does, in the words of its confirmation. */
export function actionCopy(report: AdminReport, action: ModerationAction): ActionCopy {
  const noun = targetNoun(report.target.type)
  const who = report.target_user ? `@${report.target_user.username}` : 'its author'
  const others =
    report.other_open_reports > 0
      ? ` The ${report.other_open_reports} other open ${report.other_open_reports === 1 ? 'report' : 'reports'} of this ${noun} close with it.`
      : ''
  const tell = ' Each reporter is told the outcome.'
  switch (action) {
    case 'dismiss':
      return {
        title: 'Dismiss this report?',
        explain: `Nothing happens to the ${noun}.${others}${tell}`,
        confirm: 'Dismiss',
        noteLabel: 'Note for the audit log (optional)',
        danger: false,
      }
    case 'remove':
      return {
        title: `Remove this ${noun}?`,
        explain: `The ${noun} is taken down for everyone; ${noun === 'message' ? 'its place in the conversation says it was removed' : 'it disappears from feeds, boards, search and messages'}.${others}${tell}`,
        confirm: `Remove ${noun}`,
        noteLabel: 'Why (for the audit log, optional)',
        danger: true,
      }
    case 'warn':
      return {
        title: `Warn ${who}?`,
        explain: `${who} gets a warning notice with your note; the ${noun} stays.${others}${tell}`,
        confirm: 'Send warning',
        noteLabel: `Warning for ${who} (optional)`,
        danger: false,
      }
    case 'suspend':
      return {
        title: `Suspend ${who}?`,
        explain: `${who} is signed out everywhere at once, cannot log in, and their pins, boards and profile are hidden until someone unsuspends them.${others}${tell}`,
        confirm: 'Suspend account',
        noteLabel: 'Reason (shown to them when they try to log in, optional)',
        danger: true,
      }
  }
}

/** The confirmation of a moderation action, with its note. */
export function ActionDialog({
  report,
  action,
  onClose,
  run,
}: {
  report: AdminReport
  action: ModerationAction | null
  /** also called once `run` succeeds */
  onClose: () => void
  run: (action: ModerationAction, note: string | null) => Promise<void>
}) {
  const copy = action ? actionCopy(report, action) : null
  return (
    <Dialog open={action !== null} onClose={onClose} title={copy?.title ?? ''} size="sm">
      {action && copy && (
        <ActionForm
          key={action}
          copy={copy}
          onClose={onClose}
          onConfirm={async (note) => {
            await run(action, note)
            onClose()
          }}
        />
      )}
    </Dialog>
  )
}

function ActionForm({
  copy,
  onClose,
  onConfirm,
}: {
  copy: ActionCopy
  onClose: () => void
  onConfirm: (note: string | null) => Promise<void>
}) {
  const [note, setNote] = useState('')
  const { busy, error, run } = useAction()
  return (
    <form
      className="action-form"
      onSubmit={(event) => {
        event.preventDefault()
        void run(() => onConfirm(note.trim() || null))
      }}
    >
      <p className="confirm-text">{copy.explain}</p>
      <TextArea
        label={copy.noteLabel}
        value={note}
        rows={3}
        maxLength={LIMITS.moderation.actionNote}
        onChange={(event) => setNote(event.target.value)}
      />
      <FormError message={error} />
      <div className="report-form-actions">
        <Button type="button" variant="ghost" onClick={onClose}>
          Cancel
        </Button>
        <Button type="submit" variant={copy.danger ? 'danger' : 'primary'} busy={busy}>
          {copy.confirm}
        </Button>
      </div>
    </form>
  )
}
