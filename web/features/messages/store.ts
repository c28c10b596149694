import type { Pin } from '../../../protocol/api'
import type { AttachmentRef, Conversation, Message } from '../../../protocol/messages'
import type { Stream } from '../../lib/stream'
import { withCredit } from './credit-state'
import { Inbox, upsertConversation } from './inbox-state'
import type { ReplyTo } from './message-beyond'
import { MessageUpdates } from './message-updates'
import {
  initialState,
  StateCell,
  type ComposeTarget,
  type MessagesState,
  type Thread,
} from './messages-state'
import { PendingSends } from './pending-sends'
import { ReadMarkers } from './read-state'
import { mergeMessages, Threads } from './thread-state'
import { TypingIndicators } from './typing-state'

export type { ComposeTarget, MessagesState, PendingMessage, Thread } from './messages-state'
export { mergeMessages } from './thread-state'
export { TYPING_TTL_MS } from './typing-state'

/** The state once a message has arrived (live, or as the answer to one's own send). */
function withMessage(st: MessagesState, message: Message): MessagesState {
  const id = message.conversation_id
  const mine = message.sender.username === st.me
  const t = st.threads[id]
  const threads = t
    ? { ...st.threads, [id]: { ...t, messages: mergeMessages(t.messages, [message]) } }
    : st.threads
  const pendingList = st.pending[id]
  const pending =
    mine && pendingList?.some((p) => p.client_message_id === message.client_message_id)
      ? {
          ...st.pending,
          [id]: pendingList.filter((p) => p.client_message_id !== message.client_message_id),
        }
      : st.pending
  const typingOf = st.typing[id]
  const typing =
    typingOf && typingOf[message.sender.username]
      ? { ...st.typing, [id]: { ...typingOf, [message.sender.username]: 0 } }
      : st.typing
  let conversations = st.inbox.conversations
  const c = conversations.find((x) => x.id === id)
  if (c && message.seq > (c.last_message?.seq ?? 0)) {
    const counts = !mine && (st.reads[id]?.[st.me] ?? 0) < message.seq
    conversations = upsertConversation(conversations, {
      ...c,
      last_message: message,
      last_seq: Math.max(c.last_seq, message.seq),
      unread_count: counts ? c.unread_count + 1 : c.unread_count,
    })
  }
  // Reading one's own message moves one's own read marker past it.
  const reads = mine
    ? {
        ...st.reads,
        [id]: { ...st.reads[id], [st.me]: Math.max(st.reads[id]?.[st.me] ?? 0, message.seq) },
      }
    : st.reads
  return { ...st, threads, pending, typing, reads, inbox: { ...st.inbox, conversations } }
}

/**
 * Everything Messages shows, fed by REST pages and the stream: the inbox, open threads,
 * pending sends, read markers, typing, unread total and live pin counts. This class wires the
 * stream's events to the parts that keep each of them.
 */
export class MessagesStore {
  readonly getState: () => MessagesState
  readonly subscribe: (listener: () => void) => () => void
  private readonly cell: StateCell
  private readonly inbox: Inbox
  private readonly threads: Threads
  private readonly reads: ReadMarkers
  private readonly typers: TypingIndicators
  private readonly sends: PendingSends
  private readonly updates: MessageUpdates
  private unsubscribers: (() => void)[] = []

  constructor(
    me: string,
    private readonly stream: Stream,
  ) {
    this.cell = new StateCell(initialState(me, stream.state))
    this.getState = this.cell.getState
    this.subscribe = this.cell.subscribe
    this.inbox = new Inbox(this.cell)
    this.threads = new Threads(this.cell, (id) => this.inbox.ensure(id))
    this.reads = new ReadMarkers(this.cell, this.inbox)
    this.typers = new TypingIndicators(this.cell)
    this.sends = new PendingSends(this.cell, stream, (message) => this.received(message))
    this.updates = new MessageUpdates(this.cell)
  }

  start() {
    const s = this.stream
    this.unsubscribers.push(
      s.onState((connection) => {
        this.cell.set((st) => ({ ...st, connection }))
        if (connection === 'online') this.sends.retryOffline()
      }),
      s.onSync(() => this.resync()),
      s.on('ready', () => this.inbox.refreshUnread()),
      s.on('message.created', (e) => this.received(e.message)),
      s.on('message.updated', (e) => this.updates.received(e.message)),
      s.on('conversation.updated', (e) => this.inbox.updated(e.conversation)),
      s.on('conversation.removed', (e) => this.inbox.removed(e.conversation_id)),
      s.on('conversation.read', (e) => this.reads.read(e.conversation_id, e.username, e.seq)),
      s.on('typing', (e) => this.typers.typing(e.conversation_id, e.username)),
      s.on('message.saved', (e) => this.cell.set((st) => withCredit(st, e))),
      s.on('pin.updated', (e) =>
        this.cell.set((st) => ({
          ...st,
          pins: {
            ...st.pins,
            [e.pin_id]: { save_count: e.save_count, like_count: e.like_count },
          },
        })),
      ),
    )
    void this.inbox.load()
    this.inbox.refreshUnread()
    s.start()
  }

  stop() {
    for (const u of this.unsubscribers) u()
    this.unsubscribers = []
    this.stream.stop()
    this.inbox.stop()
    this.typers.stop()
  }

  /**
   * The tab's stream, for features whose events this store does not keep (a brand's
   * thank-you run progress): subscribe to an event type, the connection state, resyncs.
   */
  get live(): Pick<Stream, 'on' | 'onState' | 'onSync'> {
    return this.stream
  }

  /** After a fresh start or resync_required: refetch the inbox, the unread total, open threads. */
  private resync() {
    void this.inbox.load()
    this.inbox.refreshUnread()
    this.threads.refetchOpen()
  }

  received(message: Message) {
    const id = message.conversation_id
    const mine = message.sender.username === this.cell.getState().me
    const known = this.inbox.conversation(id)
    this.cell.set((st) => withMessage(st, message))
    if (!known) void this.inbox.ensure(id)
    // The total comes from the server: a conversation.updated may already have counted it.
    if (!mine) this.inbox.refreshUnread()
  }

  // ---- what the components call -----------------------------------------------------------

  loadInbox() {
    return this.inbox.load()
  }

  loadMoreInbox() {
    return this.inbox.loadMore()
  }

  refreshUnread() {
    this.inbox.refreshUnread()
  }

  conversation(id: string): Conversation | undefined {
    return this.inbox.conversation(id)
  }

  ensureConversation(id: string): Promise<void> {
    return this.inbox.ensure(id)
  }

  conversationUpdated(c: Conversation) {
    this.inbox.updated(c)
  }

  thread(id: string): Thread {
    return this.threads.thread(id)
  }

  openThread(id: string) {
    this.threads.open(id)
  }

  loadOlder(id: string) {
    return this.threads.loadOlder(id)
  }

  markRead(conversationId: string, seq: number) {
    this.reads.markRead(conversationId, seq)
  }

  typingIn(conversationId: string) {
    this.stream.typing(conversationId)
  }

  send(
    conversationId: string,
    content: { text?: string; attachment?: AttachmentRef; preview?: Pin; reply?: ReplyTo },
  ) {
    this.sends.send(conversationId, content)
  }

  // ---- reactions, replies, edits, unsends ---------------------------------------------------

  toggleReaction(message: Message, emoji: string) {
    return this.updates.toggleReaction(message, emoji)
  }

  editMessage(message: Message, text: string) {
    return this.updates.edit(message, text)
  }

  unsendMessage(message: Message) {
    return this.updates.unsend(message)
  }

  /** The composer of a conversation replies to or edits a message (null: back to writing). */
  compose(conversationId: string, target: ComposeTarget | null) {
    this.cell.set((st) => {
      const { [conversationId]: _old, ...rest } = st.composing
      return { ...st, composing: target ? { ...rest, [conversationId]: target } : rest }
    })
  }

  /** Brings a message into view, loading older history as needed; false when not found. */
  jumpTo(conversationId: string, messageId: string, seq: number) {
    return this.threads.jumpTo(conversationId, messageId, seq)
  }

  retry(conversationId: string, clientMessageId: string) {
    this.sends.retry(conversationId, clientMessageId)
  }

  discard(conversationId: string, clientMessageId: string) {
    this.sends.discard(conversationId, clientMessageId)
  }
}
