import type { Message } from '../../../protocol/messages'
import { upsertConversation } from './inbox-state'
import { isRemoved, withQuotesOf, withToggledReaction, hasReacted } from './message-beyond'
import * as http from './messages-api'
import type { ComposeTarget, MessagesState, StateCell } from './messages-state'
import { mergeMessages } from './thread-state'

/**
 * A message changed in place (a reaction, an edit, an unsend, a moderator's takedown):
 * replaced where the tab holds it — its thread, the quotes of replies to it, the inbox
 * preview, a composer replying to it or editing it — and nowhere added.
 */
export function withUpdatedMessage(st: MessagesState, message: Message): MessagesState {
  const id = message.conversation_id
  const t = st.threads[id]
  let threads = st.threads
  if (t) {
    const held = t.messages.some((m) => m.id === message.id)
    const merged = held ? mergeMessages(t.messages, [message]) : t.messages
    const quoted = withQuotesOf(merged, message)
    if (quoted !== t.messages) threads = { ...st.threads, [id]: { ...t, messages: quoted } }
  }
  const c = st.inbox.conversations.find((x) => x.id === id)
  const conversations =
    c && c.last_message?.id === message.id
      ? upsertConversation(st.inbox.conversations, { ...c, last_message: message })
      : st.inbox.conversations
  const composing = withComposeTarget(st.composing, message)
  if (
    threads === st.threads &&
    conversations === st.inbox.conversations &&
    composing === st.composing
  ) {
    return st
  }
  return { ...st, threads, composing, inbox: { ...st.inbox, conversations } }
}

/** A composer replying to or editing `message`: told of its change, or stopped once removed. */
function withComposeTarget(
  composing: Record<string, ComposeTarget>,
  message: Message,
): Record<string, ComposeTarget> {
  const target = composing[message.conversation_id]
  if (!target || target.message.id !== message.id) return composing
  if (isRemoved(message)) {
    const { [message.conversation_id]: _gone, ...rest } = composing
    return rest
  }
  return { ...composing, [message.conversation_id]: { ...target, message } }
}

/**
 * What a person does to a message already sent: react, edit, unsend. Each is a REST call
 * answered with the message as it is now; the stream also brings it (`message.updated`), in
 * the conversation's order, to every tab. An answer is applied only when no stream update of
 * that message came in while it was on its way and no other action on it is still running —
 * otherwise the stream's copy is as new or newer. A reaction shows at once and is put back if
 * the server refuses it.
 */
export class MessageUpdates {
  /** message id → stream updates received */
  private versions = new Map<string, number>()
  /** message id → actions on their way */
  private running = new Map<string, number>()

  constructor(private readonly cell: StateCell) {}

  /** A `message.updated` from the stream. */
  received(message: Message) {
    this.versions.set(message.id, (this.versions.get(message.id) ?? 0) + 1)
    this.cell.set((st) => withUpdatedMessage(st, message))
  }

  /** Adds `emoji` to a message, or takes it away when the reader had it. */
  toggleReaction(message: Message, emoji: string): Promise<Message> {
    const me = this.cell.getState().me
    const adding = !hasReacted(this.current(message), emoji, me)
    return this.act(
      message,
      () => (adding ? http.addReaction(message.id, emoji) : http.removeReaction(message.id, emoji)),
      (m) => withToggledReaction(m, emoji, me),
    )
  }

  edit(message: Message, text: string): Promise<Message> {
    return this.act(message, () => http.editMessage(message.id, text))
  }

  unsend(message: Message): Promise<Message> {
    return this.act(message, () => http.unsendMessage(message.id))
  }

  /** The tab's newest copy of `message`. */
  private current(message: Message): Message {
    const t = this.cell.getState().threads[message.conversation_id]
    return t?.messages.find((m) => m.id === message.id) ?? message
  }

  private async act(
    message: Message,
    work: () => Promise<Message>,
    optimistic?: (m: Message) => Message,
  ): Promise<Message> {
    const id = message.id
    const version = this.versions.get(id) ?? 0
    const before = this.current(message)
    this.running.set(id, (this.running.get(id) ?? 0) + 1)
    if (optimistic) this.cell.set((st) => withUpdatedMessage(st, optimistic(before)))
    const settle = () => {
      const left = (this.running.get(id) ?? 1) - 1
      if (left > 0) this.running.set(id, left)
      else this.running.delete(id)
      return left === 0 && (this.versions.get(id) ?? 0) === version
    }
    try {
      const answer = await work()
      if (settle() && answer?.id === id) this.cell.set((st) => withUpdatedMessage(st, answer))
      return answer
    } catch (err) {
      if (settle() && optimistic) this.cell.set((st) => withUpdatedMessage(st, before))
      throw err
    }
  }
}
