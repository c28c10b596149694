import { Ban } from 'lucide-react'
import './moderation.css'

export { wasRemoved } from './moderation-api'

/** Where a message a moderator took down used to be: its row stays, its words do not. */
export function RemovedMessage() {
  return (
    <div className="bubble bubble-removed">
      <Ban size={16} aria-hidden="true" />
      <span>This message was removed</span>
    </div>
  )
}
