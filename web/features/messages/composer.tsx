import { Search, Send } from 'lucide-react'
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { LIMITS } from '../../../protocol/limits'
import type { Pin } from '../../../protocol/api'
import { IconButton } from '../../ui/button'
import { ComposerSearch } from './composer-search'
import { useMessagesStore } from './messages-context'

export const MAX_TEXT = LIMITS.message.text

/**
 * Where a message is written. Its search mode finds pins and sends one into the
 * conversation with a click, then comes back here with the draft untouched.
 */
export function Composer({ conversationId }: { conversationId: string }) {
  const store = useMessagesStore()
  const [text, setText] = useState('')
  const [searching, setSearching] = useState(false)
  const ref = useRef<HTMLTextAreaElement>(null)
  const refocus = useRef(false)
  const over = text.length > MAX_TEXT
  const empty = text.trim().length === 0

  const send = () => {
    if (empty || over) return
    store.send(conversationId, { text: text.trim() })
    setText('')
    ref.current?.focus()
  }

  const leaveSearch = () => {
    refocus.current = true
    setSearching(false)
  }

  const sendPin = (pin: Pin) => {
    store.send(conversationId, { attachment: { type: 'pin', id: pin.id }, preview: pin })
    leaveSearch()
  }

  useEffect(() => {
    if (!searching && refocus.current) {
      refocus.current = false
      ref.current?.focus()
    }
  }, [searching])

  // Grow with the text, up to a few lines.
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    el.style.height = 'auto'
    el.style.height = `${Math.min(el.scrollHeight, 160)}px`
  }, [text, searching])

  if (searching) return <ComposerSearch onPick={sendPin} onClose={leaveSearch} />

  return (
    <form
      className="composer"
      data-toast-avoid=""
      onSubmit={(e) => {
        e.preventDefault()
        send()
      }}
    >
      <IconButton label="Search pins" className="composer-tool" onClick={() => setSearching(true)}>
        <Search size={20} />
      </IconButton>
      <label className="visually-hidden" htmlFor={`composer-${conversationId}`}>
        Message
      </label>
      <textarea
        ref={ref}
        id={`composer-${conversationId}`}
        className="composer-input"
        rows={1}
        placeholder="Send a message"
        value={text}
        aria-invalid={over || undefined}
        aria-describedby={text.length > MAX_TEXT - 200 ? `count-${conversationId}` : undefined}
        onChange={(e) => {
          setText(e.target.value)
          if (e.target.value.trim()) store.typingIn(conversationId)
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault()
            send()
          }
        }}
      />
      {text.length > MAX_TEXT - 200 && (
        <span id={`count-${conversationId}`} className={`composer-count${over ? ' over' : ''}`}>
          {text.length}/{MAX_TEXT}
        </span>
      )}
      <IconButton
        type="submit"
        label="Send message"
        variant={empty || over ? 'plain' : 'dark'}
        disabled={empty || over}
        className="composer-send"
      >
        <Send size={18} />
      </IconButton>
    </form>
  )
}
