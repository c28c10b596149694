import { BellOff } from 'lucide-react'
import type { Conversation } from '../../../protocol/messages'
import { useAction } from '../../lib/use-action'
import { useMessagesStore } from './messages-context'
import { updateConversation } from './messages-api'

/**
 * Under a brand's thank-you for taking part in a promotion (a message with a `promotion_id`,
 * sent to me): who sent it and why, and muting the brand's conversation in one click.
 */
export function ThankYouBanner({
  conversation,
  brand,
}: {
  conversation: Conversation
  brand: string
}) {
  const store = useMessagesStore()
  const { busy, error, run } = useAction()

  const mute = () =>
    void run(async () => {
      store.conversationUpdated(await updateConversation(conversation.id, { muted: true }))
      store.refreshUnread()
    })

  return (
    <p className="thanks-banner">
      {brand} thanked you for taking part in a promotion
      {conversation.muted ? (
        <span className="thanks-muted">
          {' · '}
          <BellOff size={12} aria-hidden="true" /> Muted
        </span>
      ) : (
        <>
          {' · '}
          <button
            type="button"
            className="link-button thanks-mute"
            aria-busy={busy || undefined}
            disabled={busy}
            onClick={mute}
          >
            Mute {brand}
          </button>
        </>
      )}
      {error && (
        <span className="thanks-error" role="alert">
          {error}
        </span>
      )}
    </p>
  )
}
