import { AlertCircle, RotateCw } from 'lucide-react'
import type { Pin } from '../../../protocol/api'
import { pinImage } from '../pins/pins-api'
import { useMessagesStore } from './messages-context'
import type { PendingMessage } from './messages-state'
import { quoteSender, quoteText } from './reply-quote'

/** One of my messages on its way: sending, or failed with the ways to try again. */
export function PendingBubble({ pending }: { pending: PendingMessage }) {
  const store = useMessagesStore()
  const failed = pending.status === 'failed'
  return (
    <div className={`msg-row mine group-start group-end pending${failed ? ' failed' : ''}`}>
      <div className="msg-stack">
        {pending.reply && (
          <div className="reply-quote">
            <span className="reply-quote-body">
              <span className="reply-quote-sender">{quoteSender(pending.reply)}</span>
              <span className="reply-quote-text">{quoteText(pending.reply)}</span>
            </span>
          </div>
        )}
        {pending.preview && <PendingPin pin={pending.preview} />}
        {pending.text && <div className="bubble">{pending.text}</div>}
        {failed && pending.offline ? (
          <span className="msg-status msg-failed" role="status" title={pending.error ?? undefined}>
            <AlertCircle size={14} aria-hidden="true" />
            Not sent yet: waiting for the connection
            <button
              type="button"
              className="link-button"
              onClick={() => store.retry(pending.conversation_id, pending.client_message_id)}
            >
              <RotateCw size={12} aria-hidden="true" /> Retry now
            </button>
          </span>
        ) : failed ? (
          <span className="msg-status msg-failed" role="alert">
            <AlertCircle size={14} aria-hidden="true" />
            Not sent{pending.error ? `: ${pending.error}` : ''}
            <button
              type="button"
              className="link-button"
              onClick={() => store.retry(pending.conversation_id, pending.client_message_id)}
            >
              <RotateCw size={12} aria-hidden="true" /> Retry
            </button>
            <button
              type="button"
              className="link-button"
              onClick={() => store.discard(pending.conversation_id, pending.client_message_id)}
            >
              Delete
            </button>
          </span>
        ) : (
          <span className="msg-status">Sending…</span>
        )}
      </div>
    </div>
  )
}

/** A pin on its way: its picture and title, until the server's live card replaces it. */
function PendingPin({ pin }: { pin: Pin }) {
  const image = pinImage(pin, '600x')
  // Shaped as the live card will be, so nothing jumps when it arrives.
  const ratio = image?.width ? Math.min(Math.max(image.height / image.width, 0.6), 1.5) : 1
  return (
    <div className="msg-card msg-pin-card msg-pin-pending">
      <div
        className="msg-pin-media"
        style={{ backgroundColor: pin.dominant_color, aspectRatio: `1 / ${ratio}` }}
      >
        {image && <img src={image.url} alt={pin.alt_text || pin.title || ''} />}
      </div>
      {pin.title && <p className="msg-pin-body msg-pin-title">{pin.title}</p>}
    </div>
  )
}
