import type { Pin } from '../../../protocol/api'
import type { AttachmentRef, Conversation, Message } from '../../../protocol/messages'
import type { ConnectionState } from '../../lib/stream'
import type { ReplyTo } from './message-beyond'

export interface PendingMessage {
  client_message_id: string
  conversation_id: string
  text: string | null
  attachment: AttachmentRef | null
  /** the attached pin as the sender already has it, shown until the server's copy arrives */
  preview: Pin | null
  /** the message this one answers (its quote, shown at once) */
  reply: ReplyTo | null
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
  /** a message to bring into view and highlight (a reply's quote pressed); `n` tells presses apart */
  jump: { id: string; n: number } | null
}

/** What the composer of a conversation is doing besides writing a new message. */
export interface ComposeTarget {
  mode: 'reply' | 'edit'
  message: Message
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
  /** conversation → the message being replied to or edited in its composer */
  composing: Record<string, ComposeTarget>
}

export const EMPTY_THREAD: Thread = {
  messages: [],
  bookmark: null,
  status: 'loading',
  error: null,
  notFound: false,
  loadingOlder: false,
  olderError: null,
  jump: null,
}

export function initialState(me: string, connection: ConnectionState): MessagesState {
  return {
    me,
    connection,
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
    composing: {},
  }
}

/** The state with one thread changed (a thread not loaded yet starts empty). */
export function withThread(
  st: MessagesState,
  id: string,
  patch: (t: Thread) => Partial<Thread>,
): MessagesState {
  const t = st.threads[id] ?? EMPTY_THREAD
  return { ...st, threads: { ...st.threads, [id]: { ...t, ...patch(t) } } }
}

/**
 * The one Messages state: each change replaces it whole and tells every listener, so React
 * reads it with `useSyncExternalStore`. The parts of the store (inbox, threads, sends…) share it.
 */
export class StateCell {
  private state: MessagesState
  private listeners = new Set<() => void>()

  constructor(initial: MessagesState) {
    this.state = initial
  }

  getState = (): MessagesState => this.state

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  set(update: (s: MessagesState) => MessagesState) {
    const next = update(this.state)
    if (next === this.state) return
    this.state = next
    for (const l of [...this.listeners]) l()
  }
}
