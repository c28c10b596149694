import { useEffect, useState } from 'react'
import type { Conversation } from '../../../protocol/messages'
import { useAccount } from '../../app/session'
import { useDocumentTitle } from '../../lib/use-document-title'
import { EmptyState, ErrorState, Spinner } from '../../ui/states'
import { Composer } from './composer'
import { ConversationHeader } from './conversation-header'
import { ConversationPinsDialog } from './conversation-pins'
import { GroupDetailsDialog } from './group-details'
import { MessageList } from './message-list'
import { useMessages, useMessagesStore } from './messages-context'
import { conversationTitle } from './messages-api'
import { TypingLine } from './typing-line'
import { VotesProvider } from './votes'

interface ConversationViewProps {
  conversationId: string
  /** `page`: the messages page; `panel`: inside the header's quick panel */
  variant: 'page' | 'panel'
  onBack?: () => void
  onLeft?: () => void
}

export function ConversationView({
  conversationId,
  variant,
  onBack,
  onLeft,
}: ConversationViewProps) {
  const store = useMessagesStore()
  const thread = useMessages((s) => s.threads[conversationId])
  const conversation = useMessages((s) =>
    s.inbox.conversations.find((c) => c.id === conversationId),
  )

  useEffect(() => {
    store.openThread(conversationId)
  }, [store, conversationId])

  if (thread?.notFound) {
    return (
      <div className="conversation">
        <EmptyState title="Conversation not found">
          It does not exist, or you are no longer in it.
        </EmptyState>
      </div>
    )
  }
  if (thread?.status === 'error' && thread.messages.length === 0) {
    return (
      <div className="conversation">
        <ErrorState message={thread.error} onRetry={() => store.openThread(conversationId)} />
      </div>
    )
  }
  if (!conversation || !thread || thread.status === 'loading') {
    return (
      <div className="conversation">
        <Spinner label="Loading conversation" />
      </div>
    )
  }
  return <Loaded conversation={conversation} variant={variant} onBack={onBack} onLeft={onLeft} />
}

function Loaded({
  conversation,
  variant,
  onBack,
  onLeft,
}: {
  conversation: Conversation
  variant: 'page' | 'panel'
  onBack?: () => void
  onLeft?: () => void
}) {
  const me = useAccount().username
  const id = conversation.id
  const title = conversationTitle(conversation, me)
  const [details, setDetails] = useState(false)
  const [pins, setPins] = useState(false)
  useDocumentTitle(variant === 'page' ? title : undefined)

  const view = (
    <div className={`conversation conversation-${variant}`}>
      <ConversationHeader
        conversation={conversation}
        me={me}
        title={title}
        variant={variant}
        onBack={onBack}
        onPins={() => setPins(true)}
        onDetails={() => setDetails(true)}
      />
      <MessageList conversation={conversation} />
      <TypingLine conversationId={id} conversation={conversation} />
      <Composer conversationId={id} />
      <GroupDetailsDialog
        open={details}
        conversation={conversation}
        onClose={() => setDetails(false)}
        onLeft={() => {
          setDetails(false)
          onLeft?.()
        }}
      />
      <ConversationPinsDialog
        open={pins}
        conversationId={id}
        onClose={() => setPins(false)}
        group={conversation.is_group ? { title } : undefined}
      />
    </div>
  )
  // in a group, pin cards can be voted on (and the pins dialog has a shortlist)
  return conversation.is_group ? (
    <VotesProvider key={id} conversationId={id} me={me}>
      {view}
    </VotesProvider>
  ) : (
    view
  )
}
