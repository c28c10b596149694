import { Check, Search, Send } from 'lucide-react'
import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import { LIMITS } from '../../../protocol/limits'
import type { Pin } from '../../../protocol/api'
import { messageOf } from '../../lib/api'
import { IconButton } from '../../ui/button'
import { useToast } from '../../ui/toast'
import { ComposerContext } from './composer-context'
import { ComposerSearch } from './composer-search'
import { useDejaVu } from './deja-vu-notice'
import { canEdit, replyTo } from './message-beyond'
import { useMessages, useMessagesStore } from './messages-context'

export const MAX_TEXT = LIMITS.message.text

/**
 * Where a message is written. Its search mode finds pins and sends one into the
 * conversation with a click, then comes back here with the draft untouched.
 */
export function Composer({ conversationId }: { conversationId: string }) {
  const store = useMessagesStore()
  const toast = useToast()
  const [text, setText] = useState('')
  const [searching, setSearching] = useState(false)
  const ref = useRef<HTMLTextAreaElement>(null)
  const refocus = useRef(false)
  const over = text.length > MAX_TEXT
  const empty = text.trim().length === 0
  // Replying to a message, or editing one of mine (the draft waits meanwhile).
  const target = useMessages((s) => s.composing[conversationId])
  const editing = target?.mode === 'edit' ? target.message : null
  const replying = target?.mode === 'reply' ? target.message : null
  const [saving, setSaving] = useState(false)
  // Entering edit mode puts the message's text in; leaving it puts the draft back.
  const [draft, setDraft] = useState<string | null>(null)
  const editingId = editing?.id ?? null
  const [shownEdit, setShownEdit] = useState<string | null>(null)
  if (editingId !== shownEdit) {
    setShownEdit(editingId)
    if (editing) {
      if (draft === null) setDraft(text)
      setText(editing.text ?? '')
    } else if (draft !== null) {
      setText(draft)
      setDraft(null)
    }
  }

  useEffect(() => {
    if (target) ref.current?.focus()
  }, [target?.mode, target?.message.id]) // eslint-disable-line react-hooks/exhaustive-deps

  const cancel = () => store.compose(conversationId, null)

  const send = () => {
    if (empty || over || saving) return
    if (editing) {
      if (text.trim() === editing.text) {
        cancel()
        return
      }
      setSaving(true)
      store
        .editMessage(editing, text.trim())
        .then(
          () => cancel(),
          (err: unknown) => toast.show(messageOf(err), { tone: 'error' }),
        )
        .finally(() => setSaving(false))
      return
    }
    store.send(conversationId, {
      text: text.trim(),
      ...(replying ? { reply: replyTo(replying) } : {}),
    })
    if (replying) cancel()
    setText('')
    ref.current?.focus()
  }

  const leaveSearch = () => {
    refocus.current = true
    setSearching(false)
  }

  const sendPin = (pin: Pin) => {
    store.send(conversationId, {
      attachment: { type: 'pin', id: pin.id },
      preview: pin,
      ...(replying ? { reply: replyTo(replying) } : {}),
    })
    if (replying) cancel()
    leaveSearch()
  }
  // déjà vu: a pin already in the conversation asks first ("Already shared by ana on 3 Mar")
  const dejaVu = useDejaVu(conversationId, sendPin)

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

  if (searching) {
    return (
      <>
        {dejaVu.notice}
        <ComposerSearch onPick={dejaVu.pick} onClose={leaveSearch} />
      </>
    )
  }

  return (
    <>
      {target && (
        <ComposerContext
          target={target}
          onCancel={() => {
            cancel()
            ref.current?.focus()
          }}
        />
      )}
      <form
        className="composer"
        data-toast-avoid=""
        onSubmit={(e) => {
          e.preventDefault()
          send()
        }}
      >
        {!editing && (
          <IconButton
            label="Search pins"
            className="composer-tool"
            onClick={() => setSearching(true)}
          >
            <Search size={20} />
          </IconButton>
        )}
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
            } else if (e.key === 'ArrowUp' && !text && !target) {
              // as in other messengers: ↑ in an empty composer edits one's last message
              const me = store.getState().me
              const last = store
                .thread(conversationId)
                .messages.findLast((m) => m.sender.username === me)
              if (last && canEdit(last, me)) {
                e.preventDefault()
                store.compose(conversationId, { mode: 'edit', message: last })
              }
            } else if (e.key === 'Escape' && target) {
              // back to writing; the panel around stays open
              e.preventDefault()
              cancel()
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
          label={editing ? 'Save edit' : 'Send message'}
          variant={empty || over ? 'plain' : 'dark'}
          disabled={empty || over}
          aria-busy={saving || undefined}
          className="composer-send"
        >
          {editing ? <Check size={18} /> : <Send size={18} />}
        </IconButton>
      </form>
    </>
  )
}
