import { ArrowLeft, Info, LayoutGrid, Maximize2 } from 'lucide-react'
import { Link } from 'react-router-dom'
import type { Conversation } from '../../../protocol/messages'
import { IconButton } from '../../ui/button'
import { ConversationAvatar } from './inbox'
import { conversationPath } from './messages-api'

/** The bar over an open conversation: who it is with, and the ways to its pins and details. */
export function ConversationHeader({
  conversation,
  me,
  title,
  variant,
  onBack,
  onPins,
  onDetails,
}: {
  conversation: Conversation
  me: string
  title: string
  variant: 'page' | 'panel'
  onBack?: () => void
  onPins: () => void
  onDetails: () => void
}) {
  const others = conversation.participants.filter((p) => p.username !== me)
  return (
    <header className="conversation-header">
      {onBack && (
        <IconButton label="Back to conversations" onClick={onBack}>
          <ArrowLeft size={22} />
        </IconButton>
      )}
      <ConversationAvatar conversation={conversation} me={me} size={36} />
      <div className="conversation-heading">
        <h2>{title}</h2>
        <small>
          {conversation.is_group
            ? `${conversation.participants.length} people`
            : others[0]
              ? `@${others[0].username}`
              : ''}
        </small>
      </div>
      <IconButton label="Pins in this conversation" onClick={onPins}>
        <LayoutGrid size={20} />
      </IconButton>
      <IconButton label="Conversation details" onClick={onDetails}>
        <Info size={20} />
      </IconButton>
      {variant === 'panel' && (
        <Link
          to={conversationPath(conversation.id)}
          className="icon-btn icon-btn-plain icon-btn-md"
          aria-label="Open in Messages"
          title="Open in Messages"
        >
          <Maximize2 size={18} aria-hidden="true" />
        </Link>
      )}
    </header>
  )
}
