import type { Message } from '../../../protocol/messages'
import { messageOf } from '../../lib/api'
import { useToast } from '../../ui/toast'
import { reactionLabel, reactionsOf } from './message-beyond'
import { useMessagesStore } from './messages-context'
import './messages-beyond.css'

/**
 * The reactions under a message: one chip per emoji with its count, pressed when the reader
 * is among them; a press toggles the reader's own. Named for screen readers as "👍 2: ana, ben".
 */
export function ReactionBar({ message, me }: { message: Message; me: string }) {
  const store = useMessagesStore()
  const toast = useToast()
  const reactions = reactionsOf(message)
  if (reactions.length === 0) return null
  return (
    <div className="reaction-bar" role="group" aria-label="Reactions">
      {reactions.map((r) => {
        const mine = r.usernames.includes(me)
        const label = reactionLabel(r)
        return (
          <button
            key={r.emoji}
            type="button"
            className={`reaction-chip${mine ? ' mine' : ''}`}
            aria-pressed={mine}
            aria-label={label}
            title={label}
            onClick={() =>
              void store
                .toggleReaction(message, r.emoji)
                .catch((err: unknown) => toast.show(messageOf(err), { tone: 'error' }))
            }
          >
            <span className="reaction-emoji" aria-hidden="true">
              {r.emoji}
            </span>
            <span className="reaction-count" aria-hidden="true">
              {r.count}
            </span>
          </button>
        )
      })}
    </div>
  )
}
