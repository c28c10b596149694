import { useEffect, useState } from 'react'
import type { Conversation } from '../../../protocol/messages'
import { useMessages } from './messages-context'
import { displayName } from './messages-api'

/** "bea is typing…" under the messages, while a typing event holds. */
export function TypingLine({
  conversationId,
  conversation,
}: {
  conversationId: string
  conversation: Conversation
}) {
  const typing = useMessages((s) => s.typing[conversationId])
  const [now, setNow] = useState(() => Date.now())
  const active = Object.entries(typing ?? {}).filter(([, until]) => until > now)
  const any = active.length > 0
  useEffect(() => {
    if (!any) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [any])
  const names = active.map(([u]) => {
    const p = conversation.participants.find((x) => x.username === u)
    return p ? displayName(p) : u
  })
  const text =
    names.length === 0
      ? ''
      : names.length === 1
        ? `${names[0]} is typing…`
        : names.length === 2
          ? `${names[0]} and ${names[1]} are typing…`
          : 'Several people are typing…'
  return (
    <div className="typing-line" aria-live="polite">
      {text && (
        <>
          <span className="typing-dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          {text}
        </>
      )}
    </div>
  )
}
