import { CornerUpLeft } from 'lucide-react'
import { useToast } from '../../ui/toast'
import { firstLine, type ReplyTo } from './message-beyond'
import { useMessagesStore } from './messages-context'
import './messages-beyond.css'

/** What a quote says of the original: its first line, a card's name, or that it was removed. */
export function quoteText(reply: Pick<ReplyTo, 'text' | 'attachment'>): string {
  if (reply.text) return firstLine(reply.text)
  const a = reply.attachment
  if (!a) return 'Message removed'
  switch (a.type) {
    case 'pin':
      return a.pin?.title ? `Pin: ${firstLine(a.pin.title, 60)}` : 'A Pin'
    case 'board':
      return a.board ? `Board: ${firstLine(a.board.name, 60)}` : 'A board'
    case 'user':
      return a.user ? `Profile: ${a.user.username}` : 'A profile'
  }
}

export const quoteSender = (reply: Pick<ReplyTo, 'sender'>) =>
  reply.sender.deleted ? 'Deleted account' : reply.sender.username

/**
 * The compact quote above a reply: who wrote the original and its first line. A press brings
 * the original into view and highlights it, loading older history until it is there.
 */
export function ReplyQuote({ reply, conversationId }: { reply: ReplyTo; conversationId: string }) {
  const store = useMessagesStore()
  const toast = useToast()
  const text = quoteText(reply)
  const removed = !reply.text && !reply.attachment
  const sender = quoteSender(reply)
  return (
    <button
      type="button"
      className={`reply-quote${removed ? ' removed' : ''}`}
      onClick={() =>
        void store.jumpTo(conversationId, reply.id, reply.seq).then((found) => {
          if (!found) toast.show('The original message could not be found', { tone: 'error' })
        })
      }
    >
      <CornerUpLeft size={14} aria-hidden="true" className="reply-quote-icon" />
      {/* named by what it shows, in words around it: "Reply to ana: … Show the original message" */}
      <span className="reply-quote-body">
        <span className="reply-quote-sender">
          <span className="visually-hidden">Reply to </span>
          {sender}
          <span className="visually-hidden">: </span>
        </span>
        <span className="reply-quote-text">
          {text}
          <span className="visually-hidden">. Show the original message</span>
        </span>
      </span>
    </button>
  )
}
