import type { Pin } from '../../../protocol/api'
import type { AttachmentRef, Conversation, Message, UnreadCount } from '../../../protocol/messages'
import { ApiError, messageOf } from '../../lib/api'
import { newClientId, type ConnectionState, type Stream } from '../../lib/stream'
import * as http from './messages-api'

export const TYPING_TTL_MS = 4000

export interface PendingMessage {
  client_message_id: string
  conversation_id: string
  text: string | null
  attachment: AttachmentRef | null
  /** the attached pin as the sender already has it, shown until the server's copy arrives */
  preview: Pin | null
  status: 'sending' | 'failed'
  error: string | null
  /** failed for want of a connection: sent again by itself when the stream is back */
  offline: boolean
  created_at: string
}

export interface Thread {
  /** oldest → newest, unique by id */
  messages: Message[]
  /** bookmark of the next older page; null when the start is reached */
  bookmark: string | null
  status: 'loading' | 'ready' | 'error'
  error: string | null
  notFound: boolean
  loadingOlder: boolean
  olderError: string | null
}

export interface MessagesState {
  me: string
  connection: ConnectionState
  inbox: {
    status: 'loading' | 'ready' | 'error'
    error: string | null
    conversations: Conversation[]
    bookmark: string | null
    loadingMore: boolean
  }
  unread: number
  threads: Record<string, Thread>
  pending: Record<string, PendingMessage[]>
  /** conversation → username → the seq they have read up to (from live events) */
  reads: Record<string, Record<string, number>>
  /** conversation → username → when their "typing" expires */
  typing: Record<string, Record<string, number>>
  /** live counts of pins shown on cards */
  pins: Record<string, { save_count: number; like_count: number }>
}

const EMPTY_THREAD: Thread = {
  messages: [],
  bookmark: null,
  status: 'loading',
  error: null,
  notFound: false,
  loadingOlder: false,
  olderError: null,
}

/** Merges messages by id, oldest first (a later copy of the same id wins). */
export function mergeMessages(current: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return current
  const byId = new Map(current.map((m) => [m.id, m]))
  let appendOnly = true
  let lastSeq = current.length ? current[current.length - 1]!.seq : -Infinity
  for (const m of incoming) {
    if (byId.has(m.id) || m.seq <= lastSeq) appendOnly = false
    byId.set(m.id, m)
    lastSeq = Math.max(lastSeq, m.seq)
  }
  if (appendOnly) return [...current, ...[...incoming].sort((a, b) => a.seq - b.seq)]
  return [...byId.values()].sort((a, b) => a.seq - b.seq)
}

function byActivity(a: Conversation, b: Conversation): number {
  const d = Date.parse(http.activityOf(b)) - Date.parse(http.activityOf(a))
  return d !== 0 ? d : Number(b.id) - Number(a.id)
}

function upsertConversation(list: Conversation[], c: Conversation): Conversation[] {
  const rest = list.filter((x) => x.id !== c.id)
  return [...rest, c].sort(byActivity)
}

/** A conversation as fetched, corrected by what this tab knows it has read since. */
function withOwnReads(st: MessagesState, c: Conversation): Conversation {
  const read = st.reads[c.id]?.[st.me] ?? 0
  return c.unread_count > 0 && read >= c.last_seq ? { ...c, unread_count: 0 } : c
}

/** Read markers seeded from fetched conversations' `read_seqs`; a marker never moves back. */
function withReadSeqs(
  reads: MessagesState['reads'],
  conversations: Conversation[],
): MessagesState['reads'] {
  let next = reads
  for (const c of conversations) {
    const known = next[c.id] ?? {}
    let merged = known
    for (const [username, seq] of Object.entries(c.read_seqs)) {
      if (seq > (merged[username] ?? 0)) merged = { ...merged, [username]: seq }
    }
    if (merged !== known) next = { ...next, [c.id]: merged }
  }
  return next
}

/**
 * Everything Messages shows, fed by REST pages and the stream: the inbox, open threads,
 * pending sends, read markers, typing, unread total and live pin counts.
 */
export class MessagesStore {
  private state: MessagesState
  private listeners = new Set<() => void>()
  private unsubscribers: (() => void)[] = []
  private marked = new Map<string, number>()
  private fetching = new Set<string>()
  private unreadTimer: ReturnType<typeof setTimeout> | null = null
  private typingTimers = new Map<string, ReturnType<typeof setTimeout>>()

  constructor(
    me: string,
    private readonly stream: Stream,
  ) {
    this.state = {
      me,
      connection: stream.state,
      inbox: {
        status: 'loading',
        error: null,
        conversations: [],
        bookmark: null,
        loadingMore: false,
      },
      unread: 0,
      threads: {},
      pending: {},
      reads: {},
      typing: {},
      pins: {},
    }
  }

  getState = (): MessagesState => this.state

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private set(update: (s: MessagesState) => MessagesState) {
    const next = update(this.state)
    if (next === this.state) return
    this.state = next
    for (const l of [...this.listeners]) l()
  }

  start() {
    const s = this.stream
    this.unsubscribers.push(
      s.onState((connection) => {
        this.set((st) => ({ ...st, connection }))
        if (connection === 'online') this.retryOffline()
      }),
      s.onSync(() => this.resync()),
      s.on('ready', () => this.refreshUnread()),
      s.on('message.created', (e) => this.received(e.message)),
      s.on('conversation.updated', (e) => this.conversationUpdated(e.conversation)),
      s.on('conversation.removed', (e) => this.conversationRemoved(e.conversation_id)),
      s.on('conversation.read', (e) => this.read(e.conversation_id, e.username, e.seq)),
      s.on('typing', (e) => this.typing(e.conversation_id, e.username)),
      s.on('pin.updated', (e) =>
        this.set((st) => ({
          ...st,
          pins: {
            ...st.pins,
            [e.pin_id]: { save_count: e.save_count, like_count: e.like_count },
          },
        })),
      ),
    )
    void this.loadInbox()
    this.refreshUnread()
    s.start()
  }

  stop() {
    for (const u of this.unsubscribers) u()
    this.unsubscribers = []
    this.stream.stop()
    if (this.unreadTimer) clearTimeout(this.unreadTimer)
    for (const t of this.typingTimers.values()) clearTimeout(t)
  }

  // ---- inbox and unread -------------------------------------------------------------------

  async loadInbox() {
    try {
      const page = await http.listConversations()
      this.set((st) => {
        // Keep conversations that arrived live and are not on the first page.
        const byId = new Map(st.inbox.conversations.map((c) => [c.id, c]))
        for (const c of page.items) byId.set(c.id, withOwnReads(st, c))
        const fresh = new Set(page.items.map((c) => c.id))
        const oldest = page.items[page.items.length - 1]
        const kept = [...byId.values()].filter(
          (c) =>
            fresh.has(c.id) ||
            (page.bookmark !== null && oldest !== undefined && byActivity(c, oldest) > 0),
        )
        return {
          ...st,
          reads: withReadSeqs(st.reads, page.items),
          inbox: {
            status: 'ready',
            error: null,
            conversations: kept.sort(byActivity),
            bookmark: page.bookmark,
            loadingMore: false,
          },
        }
      })
    } catch (err) {
      this.set((st) => ({
        ...st,
        inbox:
          st.inbox.status === 'ready'
            ? st.inbox
            : { ...st.inbox, status: 'error', error: messageOf(err) },
      }))
    }
  }

  async loadMoreInbox() {
    const { bookmark, loadingMore } = this.state.inbox
    if (!bookmark || loadingMore) return
    this.set((st) => ({ ...st, inbox: { ...st.inbox, loadingMore: true } }))
    try {
      const page = await http.listConversations(bookmark)
      this.set((st) => {
        let list = st.inbox.conversations
        for (const c of page.items) if (!list.some((x) => x.id === c.id)) list = [...list, c]
        return {
          ...st,
          reads: withReadSeqs(st.reads, page.items),
          inbox: {
            ...st.inbox,
            conversations: list.sort(byActivity),
            bookmark: page.bookmark,
            loadingMore: false,
          },
        }
      })
    } catch {
      this.set((st) => ({ ...st, inbox: { ...st.inbox, loadingMore: false } }))
    }
  }

  refreshUnread() {
    if (this.unreadTimer) clearTimeout(this.unreadTimer)
    this.unreadTimer = setTimeout(() => {
      this.unreadTimer = null
      http.unreadCount().then(
        (u: UnreadCount) => this.set((st) => ({ ...st, unread: u.unread_count })),
        () => undefined,
      )
    }, 150)
  }

  conversation(id: string): Conversation | undefined {
    return this.state.inbox.conversations.find((c) => c.id === id)
  }

  /** Loads a conversation the inbox does not hold yet (a new one, or one deep in the list). */
  async ensureConversation(id: string): Promise<void> {
    if (this.conversation(id) || this.fetching.has(id)) return
    this.fetching.add(id)
    try {
      const c = await http.getConversation(id)
      this.conversationUpdated(c)
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        this.set((st) => ({
          ...st,
          threads: {
            ...st.threads,
            [id]: { ...(st.threads[id] ?? EMPTY_THREAD), status: 'error', notFound: true },
          },
        }))
      }
    } finally {
      this.fetching.delete(id)
    }
  }

  conversationUpdated(c: Conversation) {
    this.set((st) => ({
      ...st,
      reads: withReadSeqs(st.reads, [c]),
      inbox: {
        ...st.inbox,
        conversations: upsertConversation(st.inbox.conversations, withOwnReads(st, c)),
      },
    }))
  }

  private conversationRemoved(id: string) {
    this.set((st) => {
      const threads = { ...st.threads }
      delete threads[id]
      return {
        ...st,
        threads,
        inbox: {
          ...st.inbox,
          conversations: st.inbox.conversations.filter((c) => c.id !== id),
        },
      }
    })
    this.refreshUnread()
  }

  // ---- threads ----------------------------------------------------------------------------

  thread(id: string): Thread {
    return this.state.threads[id] ?? EMPTY_THREAD
  }

  /** Loads a thread's newest page (once; again after a resync). */
  openThread(id: string) {
    const t = this.state.threads[id]
    if (t && t.status !== 'error') return
    void this.fetchNewest(id)
    void this.ensureConversation(id)
  }

  private async fetchNewest(id: string) {
    this.set((st) => ({
      ...st,
      threads: {
        ...st.threads,
        [id]: {
          ...(st.threads[id] ?? EMPTY_THREAD),
          status: st.threads[id]?.status === 'ready' ? 'ready' : 'loading',
          error: null,
        },
      },
    }))
    try {
      const page = await http.listMessages(id)
      this.set((st) => {
        const t = st.threads[id] ?? EMPTY_THREAD
        const wasReady = t.status === 'ready' && t.messages.length > 0
        const newestSeq = page.items[0]?.seq ?? 0
        // On a refetch, keep older pages already loaded only when they join up with this one.
        const oldestFetched = page.items[page.items.length - 1]?.seq ?? 0
        const joins = wasReady && t.messages[t.messages.length - 1]!.seq >= oldestFetched - 1
        const messages = joins
          ? mergeMessages(t.messages, page.items)
          : mergeMessages([], page.items)
        const live = t.messages.filter((m) => m.seq > newestSeq)
        return {
          ...st,
          threads: {
            ...st.threads,
            [id]: {
              ...t,
              messages: mergeMessages(messages, live),
              bookmark: joins ? t.bookmark : page.bookmark,
              status: 'ready',
              error: null,
              notFound: false,
            },
          },
        }
      })
    } catch (err) {
      this.set((st) => ({
        ...st,
        threads: {
          ...st.threads,
          [id]: {
            ...(st.threads[id] ?? EMPTY_THREAD),
            status: 'error',
            error: messageOf(err),
            notFound: err instanceof ApiError && err.status === 404,
          },
        },
      }))
    }
  }

  async loadOlder(id: string) {
    const t = this.state.threads[id]
    if (!t || t.status !== 'ready' || !t.bookmark || t.loadingOlder) return
    const bookmark = t.bookmark
    const patch = (p: Partial<Thread>) =>
      this.set((st) => ({
        ...st,
        threads: { ...st.threads, [id]: { ...(st.threads[id] ?? EMPTY_THREAD), ...p } },
      }))
    patch({ loadingOlder: true, olderError: null })
    try {
      const page = await http.listMessages(id, bookmark)
      const cur = this.thread(id)
      patch({
        messages: mergeMessages(cur.messages, page.items),
        bookmark: page.bookmark,
        loadingOlder: false,
      })
    } catch (err) {
      patch({ loadingOlder: false, olderError: messageOf(err) })
    }
  }

  /** After a fresh start or resync_required: refetch the inbox, the unread total, open threads. */
  private resync() {
    void this.loadInbox()
    this.refreshUnread()
    for (const id of Object.keys(this.state.threads)) void this.fetchNewest(id)
  }

  // ---- live events ------------------------------------------------------------------------

  received(message: Message) {
    const id = message.conversation_id
    const mine = message.sender.username === this.state.me
    const known = this.conversation(id)
    this.set((st) => {
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
      return {
        ...st,
        threads,
        pending,
        typing,
        reads,
        inbox: { ...st.inbox, conversations },
      }
    })
    if (!known) void this.ensureConversation(id)
    // The total comes from the server: a conversation.updated may already have counted it.
    if (!mine) this.refreshUnread()
  }

  private read(conversationId: string, username: string, seq: number) {
    this.set((st) => {
      const prev = st.reads[conversationId]?.[username] ?? 0
      if (seq <= prev && username !== st.me) return st
      const reads = {
        ...st.reads,
        [conversationId]: { ...st.reads[conversationId], [username]: Math.max(prev, seq) },
      }
      let conversations = st.inbox.conversations
      if (username === st.me) {
        conversations = conversations.map((c) =>
          c.id === conversationId && seq >= c.last_seq ? { ...c, unread_count: 0 } : c,
        )
      }
      return { ...st, reads, inbox: { ...st.inbox, conversations } }
    })
    if (username === this.state.me) {
      this.refreshUnread()
      const c = this.conversation(conversationId)
      if (c && seq < c.last_seq) {
        http.getConversation(conversationId).then(
          (fresh) => this.conversationUpdated(fresh),
          () => undefined,
        )
      }
    }
  }

  private typing(conversationId: string, username: string) {
    if (username === this.state.me) return
    const key = `${conversationId}:${username}`
    this.set((st) => ({
      ...st,
      typing: {
        ...st.typing,
        [conversationId]: { ...st.typing[conversationId], [username]: Date.now() + TYPING_TTL_MS },
      },
    }))
    const old = this.typingTimers.get(key)
    if (old) clearTimeout(old)
    this.typingTimers.set(
      key,
      setTimeout(() => {
        this.typingTimers.delete(key)
        this.set((st) => {
          const of = st.typing[conversationId]
          if (!of || (of[username] ?? 0) > Date.now()) return st
          const rest = { ...of }
          delete rest[username]
          return { ...st, typing: { ...st.typing, [conversationId]: rest } }
        })
      }, TYPING_TTL_MS + 50),
    )
  }

  // ---- actions ----------------------------------------------------------------------------

  /** Marks a conversation read up to `seq` (once per seq). */
  markRead(conversationId: string, seq: number) {
    if ((this.marked.get(conversationId) ?? 0) >= seq) return
    this.marked.set(conversationId, seq)
    this.set((st) => ({
      ...st,
      reads: {
        ...st.reads,
        [conversationId]: {
          ...st.reads[conversationId],
          [st.me]: Math.max(st.reads[conversationId]?.[st.me] ?? 0, seq),
        },
      },
    }))
    const c = this.conversation(conversationId)
    if (c && c.unread_count > 0 && seq >= c.last_seq) {
      this.set((st) => ({
        ...st,
        unread: c.muted ? st.unread : Math.max(0, st.unread - c.unread_count),
        inbox: {
          ...st.inbox,
          conversations: st.inbox.conversations.map((x) =>
            x.id === conversationId ? { ...x, unread_count: 0 } : x,
          ),
        },
      }))
    }
    http.markRead(conversationId, seq).then(
      () => this.refreshUnread(),
      () => this.marked.set(conversationId, 0),
    )
  }

  typingIn(conversationId: string) {
    this.stream.typing(conversationId)
  }

  send(
    conversationId: string,
    content: { text?: string; attachment?: AttachmentRef; preview?: Pin },
  ) {
    const pending: PendingMessage = {
      client_message_id: newClientId(),
      conversation_id: conversationId,
      text: content.text ?? null,
      attachment: content.attachment ?? null,
      preview: content.preview ?? null,
      status: 'sending',
      error: null,
      offline: false,
      created_at: new Date().toISOString(),
    }
    this.set((st) => ({
      ...st,
      pending: {
        ...st.pending,
        [conversationId]: [...(st.pending[conversationId] ?? []), pending],
      },
    }))
    this.deliver(pending)
  }

  /** Sends a failed message again, with the same client_message_id (idempotent). */
  retry(conversationId: string, clientMessageId: string) {
    const p = this.state.pending[conversationId]?.find(
      (x) => x.client_message_id === clientMessageId,
    )
    if (!p) return
    const again = { ...p, status: 'sending' as const, error: null, offline: false }
    this.patchPending(conversationId, clientMessageId, again)
    this.deliver(again)
  }

  /** Sends that failed while offline go again, in order, when the stream is back. */
  private retryOffline() {
    for (const list of Object.values(this.state.pending)) {
      for (const p of list) {
        if (p.status === 'failed' && p.offline) this.retry(p.conversation_id, p.client_message_id)
      }
    }
  }

  discard(conversationId: string, clientMessageId: string) {
    this.set((st) => ({
      ...st,
      pending: {
        ...st.pending,
        [conversationId]: (st.pending[conversationId] ?? []).filter(
          (p) => p.client_message_id !== clientMessageId,
        ),
      },
    }))
  }

  private patchPending(conversationId: string, clientId: string, next: PendingMessage) {
    this.set((st) => ({
      ...st,
      pending: {
        ...st.pending,
        [conversationId]: (st.pending[conversationId] ?? []).map((p) =>
          p.client_message_id === clientId ? next : p,
        ),
      },
    }))
  }

  private deliver(p: PendingMessage) {
    this.stream
      .sendMessage({
        conversation_id: p.conversation_id,
        client_message_id: p.client_message_id,
        ...(p.text ? { text: p.text } : {}),
        ...(p.attachment ? { attachment: p.attachment } : {}),
      })
      .then(
        (message) => {
          this.stream.markSeen(message.id)
          this.received(message)
        },
        (err: unknown) => {
          const still = this.state.pending[p.conversation_id]?.some(
            (x) => x.client_message_id === p.client_message_id,
          )
          if (still) {
            this.patchPending(p.conversation_id, p.client_message_id, {
              ...p,
              status: 'failed',
              error: messageOf(err),
              offline: err instanceof ApiError && err.status === 0,
            })
          }
        },
      )
  }
}
