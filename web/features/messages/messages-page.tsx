import { MessageCircle } from 'lucide-react'
import { useEffect, useState } from 'react'
import { useNavigate, useParams } from 'react-router-dom'
import { useDocumentTitle } from '../../lib/use-document-title'
import { Button } from '../../ui/button'
import { EmptyState } from '../../ui/states'
import { ConversationView } from './conversation-view'
import { Inbox } from './inbox'
import { keepFocusIn, openedRow } from './keep-focus'
import { conversationPath } from './messages-api'
import { NewConversationDialog } from './new-conversation'
import './messages.css'

/** /messages and /messages/:conversationId: the inbox beside the open conversation. */
export function MessagesPage() {
  const { conversationId } = useParams()
  const navigate = useNavigate()
  const [creating, setCreating] = useState(false)
  useDocumentTitle(conversationId ? undefined : 'Messages')
  // On a phone the inbox hides while a conversation is open: focus follows (undefined until
  // a conversation is opened here, so a link straight to one does not grab focus).
  const [page, setPage] = useState<HTMLDivElement | null>(null)
  const [openedFrom, setOpenedFrom] = useState<string | null | undefined>(undefined)
  useEffect(() => {
    if (page && openedFrom !== undefined)
      return keepFocusIn(page, conversationId ?? null, openedFrom)
  }, [page, conversationId, openedFrom])

  return (
    <div ref={setPage} className={`messages-page${conversationId ? ' has-conversation' : ''}`}>
      <h1 className="visually-hidden">Messages</h1>
      <div className="messages-inbox">
        <Inbox
          activeId={conversationId}
          onOpen={(id) => {
            setOpenedFrom(openedRow())
            navigate(conversationPath(id))
          }}
          onNew={() => setCreating(true)}
        />
      </div>
      <div className="messages-main">
        {conversationId ? (
          <ConversationView
            key={conversationId}
            conversationId={conversationId}
            variant="page"
            onBack={() => navigate('/messages')}
            onLeft={() => navigate('/messages', { replace: true })}
          />
        ) : (
          <EmptyState
            icon={<MessageCircle size={28} />}
            title="Your messages"
            action={
              <Button variant="primary" onClick={() => setCreating(true)}>
                New message
              </Button>
            }
          >
            Pick a conversation, or send a Pin to someone who follows you back.
          </EmptyState>
        )}
      </div>
      <NewConversationDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false)
          setOpenedFrom(null)
          navigate(conversationPath(id))
        }}
      />
    </div>
  )
}
