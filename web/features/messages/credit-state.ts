import type { ServerEvent } from '../../../protocol/messages'
import type { MessagesState } from './messages-state'

/**
 * `message.saved`: someone saved the pin of one of the reader's own messages from its card —
 * its credit replaced where the tab holds the message (its thread), nowhere added.
 */
export function withCredit(
  st: MessagesState,
  e: Extract<ServerEvent, { type: 'message.saved' }>,
): MessagesState {
  const t = st.threads[e.conversation_id]
  if (!t || !t.messages.some((m) => m.id === e.message_id)) return st
  const messages = t.messages.map((m) =>
    m.id === e.message_id ? { ...m, saved_by: e.saved_by } : m,
  )
  return { ...st, threads: { ...st.threads, [e.conversation_id]: { ...t, messages } } }
}
