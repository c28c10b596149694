import { MessageCircle } from 'lucide-react'
import { useEffect, useRef, useState } from 'react'
import { Link, useLocation, useNavigate } from 'react-router-dom'
import { ConversationView } from './conversation-view'
import { Inbox } from './inbox'
import { keepFocusIn, openedRow } from './keep-focus'
import { useMessages } from './messages-context'
import { conversationPath } from './messages-api'
import { NewConversationDialog } from './new-conversation'
import './messages.css'

const WIDE = '(min-width: 721px)'

/**
 * The header's Messages icon with the unread badge. On wide screens it opens a quick panel
 * (inbox, then a conversation inside it); on phones it goes to the full-screen page.
 */
export function MessagesButton() {
  const unread = useMessages((s) => s.unread)
  const [open, setOpen] = useState(false)
  const [current, setCurrent] = useState<string | null>(null)
  const [creating, setCreating] = useState(false)
  const rootRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLAnchorElement>(null)
  const [panel, setPanel] = useState<HTMLDivElement | null>(null)
  // The inbox row a conversation was opened from, focused again on the way back.
  const [openedFrom, setOpenedFrom] = useState<string | null>(null)
  const navigate = useNavigate()
  const location = useLocation()
  const onMessagesPage = location.pathname.startsWith('/messages')

  // Close on navigation.
  const path = location.pathname
  const [lastPath, setLastPath] = useState(path)
  if (path !== lastPath) {
    setLastPath(path)
    setOpen(false)
  }

  useEffect(() => {
    if (!open) return
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Element
      // Popovers opened inside the panel (a card's board picker) live in document.body.
      if (rootRef.current?.contains(target) || target.closest?.('dialog, [data-popover]')) return
      setOpen(false)
    }
    const onKey = (event: KeyboardEvent) => {
      // an Escape a dialog or popover inside the panel took for itself closes only that
      if (
        event.key === 'Escape' &&
        !event.defaultPrevented &&
        !document.querySelector('dialog[open]')
      ) {
        setOpen(false)
        buttonRef.current?.focus()
      }
    }
    document.addEventListener('pointerdown', onPointer)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('pointerdown', onPointer)
      document.removeEventListener('keydown', onKey)
    }
  }, [open])

  useEffect(
    () => (panel ? keepFocusIn(panel, current, openedFrom) : undefined),
    [panel, current, openedFrom],
  )

  const openConversation = (id: string) => {
    setOpenedFrom(openedRow())
    setCurrent(id)
  }

  const label = unread > 0 ? `Messages, ${unread} unread` : 'Messages'
  return (
    <div className="messages-button" ref={rootRef}>
      <Link
        ref={buttonRef}
        to="/messages"
        className={`icon-btn icon-btn-plain icon-btn-md${onMessagesPage ? ' active' : ''}`}
        aria-label={label}
        title="Messages"
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={(event) => {
          if (!window.matchMedia(WIDE).matches || onMessagesPage) return
          event.preventDefault()
          setOpen((v) => !v)
        }}
      >
        <MessageCircle size={24} aria-hidden="true" />
        {unread > 0 && (
          <span className="header-badge" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </Link>
      {open && (
        <div
          ref={setPanel}
          className="messages-panel"
          role="dialog"
          aria-label="Messages"
          tabIndex={-1}
        >
          {current ? (
            <ConversationView
              key={current}
              conversationId={current}
              variant="panel"
              onBack={() => setCurrent(null)}
              onLeft={() => setCurrent(null)}
            />
          ) : (
            <Inbox compact onOpen={openConversation} onNew={() => setCreating(true)} />
          )}
          {!current && (
            <Link className="panel-all" to="/messages">
              See all messages
            </Link>
          )}
        </div>
      )}
      <NewConversationDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false)
          setCurrent(id)
          if (!open) navigate(conversationPath(id))
        }}
      />
    </div>
  )
}
