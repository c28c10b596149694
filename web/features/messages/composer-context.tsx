import { X } from 'lucide-react'
import { IconButton } from '../../ui/button'
import { firstLine } from './message-beyond'
import type { ComposeTarget } from './messages-state'
import { quoteSender, quoteText } from './reply-quote'
import './messages-beyond.css'

/**
 * Above the composer while it replies to a message ("Replying to ana" and the quote) or edits
 * one ("Editing"), with the button that goes back to writing (Esc in the text does too).
 */
export function ComposerContext({
  target,
  onCancel,
}: {
  target: ComposeTarget
  onCancel: () => void
}) {
  const m = target.message
  const editing = target.mode === 'edit'
  const title = editing ? 'Editing' : `Replying to ${quoteSender(m)}`
  const text = editing ? firstLine(m.text ?? '') : quoteText(m)
  return (
    <div className="composer-context" data-toast-avoid="" role="status">
      <span className="composer-context-body">
        <span className="composer-context-title">{title}</span>
        <span className="composer-context-text">{text}</span>
      </span>
      <IconButton label={editing ? 'Cancel editing' : 'Cancel reply'} size="sm" onClick={onCancel}>
        <X size={18} />
      </IconButton>
    </div>
  )
}
