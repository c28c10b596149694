import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { UserSummary } from '../../../protocol/api'
import type { Conversation, Message, ServerEvent } from '../../../protocol/messages'
import { ApiError } from '../../lib/api'
import type { ConnectionState, EventOf, SendInput, Stream } from '../../lib/stream'
import * as http from './messages-api'
import { MessagesStore, mergeMessages } from './store'

vi.mock('./messages-api', async (original) => ({
  ...(await original<typeof import('./messages-api')>()),
  listConversations: vi.fn(),
  getConversation: vi.fn(),
  listMessages: vi.fn(),
  markRead: vi.fn(),
  unreadCount: vi.fn(),
}))

let ids = 0
vi.mock('../../lib/stream', async (original) => ({
  ...(await original<typeof import('../../lib/stream')>()),
  newClientId: () => `client-${++ids}`,
}))

/** The stream as the store uses it: handlers to fire by hand, sends answered by the test. */
class FakeStream {
  state: ConnectionState = 'connecting'
  handlers = new Map<string, ((e: never) => void)[]>()
  stateHandlers: ((s: ConnectionState) => void)[] = []
  syncHandlers: (() => void)[] = []
  typed: string[] = []
  seen: string[] = []
  started = 0
  stopped = 0
  sends: { input: SendInput; resolve(m: Message): void; reject(e: unknown): void }[] = []
  on<K extends ServerEvent['type']>(type: K, handler: (e: EventOf<K>) => void) {
    const list = this.handlers.get(type) ?? []
    list.push(handler as (e: never) => void)
    this.handlers.set(type, list)
    return () =>
      this.handlers.set(
        type,
        list.filter((h) => h !== handler),
      )
  }
  onState(handler: (s: ConnectionState) => void) {
    this.stateHandlers.push(handler)
    return () => (this.stateHandlers = this.stateHandlers.filter((h) => h !== handler))
  }
  onSync(handler: () => void) {
    this.syncHandlers.push(handler)
    return () => (this.syncHandlers = this.syncHandlers.filter((h) => h !== handler))
  }
  emit(event: ServerEvent) {
    for (const h of this.handlers.get(event.type) ?? []) h(event as never)
  }
  setState(s: ConnectionState) {
    this.state = s
    for (const h of this.stateHandlers) h(s)
  }
  start() {
    this.started++
  }
  stop() {
    this.stopped++
  }
  typing(id: string) {
    this.typed.push(id)
  }
  markSeen(id: string) {
    this.seen.push(id)
  }
  sendMessage(input: SendInput) {
    return new Promise<Message>((resolve, reject) => this.sends.push({ input, resolve, reject }))
  }
}

const T0 = Date.parse('2026-01-10T12:00:00.000Z')
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString()
const person = (username: string): UserSummary => ({
  type: 'user',
  id: username,
  username,
  account_type: 'PINNER',
  business_name: null,
  profile_image: null,
})

function message(conversation: string, seq: number, from: string, extra?: Partial<Message>) {
  return {
    id: `${conversation}-${seq}`,
    conversation_id: conversation,
    seq,
    sender: { username: from },
    created_at: at(seq),
    client_message_id: `cm-${conversation}-${seq}`,
    text: `text ${seq}`,
    attachment: null,
    promotion_id: null,
    removed: false,
    reactions: [],
    reply_to: null,
    edited_at: null,
    saved_by: [],
    ...extra,
  } satisfies Message
}

function conversation(id: string, lastSeq: number, extra?: Partial<Conversation>): Conversation {
  return {
    id,
    is_group: false,
    title: null,
    participants: [person('me'), person('bob')],
    last_message: lastSeq ? message(id, lastSeq, 'bob') : null,
    unread_count: 0,
    muted: false,
    created_at: at(-100),
    last_seq: lastSeq,
    read_seqs: { bob: lastSeq },
    ...extra,
  }
}

const page = <T>(items: T[], bookmark: string | null = null) => ({ items, bookmark })
const notFound = () => new ApiError(404, { code: 404, message: 'Not found' })
const flush = () => vi.advanceTimersByTimeAsync(0)

describe('MessagesStore', () => {
  beforeEach(() => {
    ids = 0
    vi.useFakeTimers()
    vi.setSystemTime(T0)
    vi.mocked(http.markRead).mockResolvedValue({})
    vi.mocked(http.unreadCount).mockResolvedValue({ unread_count: 2, conversations_with_unread: 1 })
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.resetAllMocks()
  })

  it('merges messages by id in seq order', () => {
    const a = message('c', 1, 'bob')
    const b = message('c', 2, 'bob')
    const c = message('c', 3, 'bob')
    expect(mergeMessages([a, c], [b, { ...c, text: 'edited' }]).map((m) => m.text)).toEqual([
      'text 1',
      'text 2',
      'edited',
    ])
    expect(mergeMessages([a], [c, b]).map((m) => m.seq)).toEqual([1, 2, 3])
    const list = [a]
    expect(mergeMessages(list, [])).toBe(list)
  })

  it('keeps its state through a whole session of pages, live events and sends', async () => {
    const stream = new FakeStream()
    const store = new MessagesStore('me', stream as unknown as Stream)
    // Each step records the parts of the state it replaced (an unchanged part keeps its object).
    const steps: unknown[] = []
    let notified = 0
    let before: Record<string, unknown> = {}
    store.subscribe(() => notified++)
    const snap = (step: string) => {
      const now = store.getState() as unknown as Record<string, unknown>
      const changed = Object.keys(now).filter((k) => now[k] !== before[k])
      steps.push({ step, notified, ...Object.fromEntries(changed.map((k) => [k, now[k]])) })
      before = now
    }

    vi.mocked(http.listConversations).mockResolvedValueOnce(
      page(
        [conversation('c1', 5, { unread_count: 2, read_seqs: { bob: 3 } }), conversation('c2', 2)],
        'b1',
      ),
    )
    store.start()
    await flush()
    await vi.advanceTimersByTimeAsync(200)
    snap('started')
    expect(stream.started).toBe(1)

    vi.mocked(http.listConversations).mockResolvedValueOnce(page([conversation('c3', 1)]))
    await store.loadMoreInbox()
    snap('more inbox')

    vi.mocked(http.listMessages).mockResolvedValueOnce(
      page(
        [5, 4, 3].map((s) => message('c1', s, s % 2 ? 'bob' : 'me')),
        'mb',
      ),
    )
    store.openThread('c1')
    await flush()
    snap('thread open')
    vi.mocked(http.listMessages).mockResolvedValueOnce(
      page([2, 1].map((s) => message('c1', s, 'bob'))),
    )
    await store.loadOlder('c1')
    snap('older')

    stream.setState('online')
    stream.emit({ type: 'message.created', message: message('c1', 6, 'bob') } as ServerEvent)
    await vi.advanceTimersByTimeAsync(200)
    snap('live message')

    vi.mocked(http.getConversation).mockResolvedValueOnce(conversation('c9', 1))
    stream.emit({ type: 'message.created', message: message('c9', 1, 'bob') } as ServerEvent)
    await vi.advanceTimersByTimeAsync(200)
    snap('message in an unknown conversation')

    stream.emit({ type: 'typing', conversation_id: 'c1', username: 'bob' } as ServerEvent)
    stream.emit({ type: 'typing', conversation_id: 'c1', username: 'me' } as ServerEvent)
    snap('typing')
    await vi.advanceTimersByTimeAsync(4100)
    snap('typing expired')

    stream.emit({
      type: 'conversation.read',
      conversation_id: 'c1',
      username: 'bob',
      seq: 6,
    } as ServerEvent)
    vi.mocked(http.getConversation).mockResolvedValueOnce(
      conversation('c1', 6, { unread_count: 1 }),
    )
    stream.emit({
      type: 'conversation.read',
      conversation_id: 'c1',
      username: 'me',
      seq: 5,
    } as ServerEvent)
    await vi.advanceTimersByTimeAsync(200)
    snap('read events')

    store.markRead('c1', 6)
    store.markRead('c1', 6)
    await vi.advanceTimersByTimeAsync(200)
    snap('marked read')
    expect(vi.mocked(http.markRead).mock.calls).toEqual([['c1', 6]])

    store.typingIn('c1')
    expect(stream.typed).toEqual(['c1'])

    store.send('c1', { text: 'hello' })
    snap('sending')
    stream.sends[0]!.resolve(
      message('c1', 7, 'me', { client_message_id: 'client-1', text: 'hello' }),
    )
    await flush()
    snap('sent')
    expect(stream.seen).toEqual(['c1-7'])

    stream.setState('reconnecting')
    store.send('c2', { text: 'offline' })
    stream.sends[1]!.reject(new ApiError(0, { code: 0, message: 'No connection' }))
    await flush()
    snap('failed offline')
    stream.setState('online')
    snap('retried when online')
    stream.sends[2]!.resolve(
      message('c2', 3, 'me', { client_message_id: 'client-2', text: 'offline' }),
    )
    await flush()

    store.send('c2', { text: 'refused' })
    stream.sends[3]!.reject(new ApiError(500, { code: 500, message: 'Broken' }))
    await flush()
    snap('failed')
    store.retry('c2', 'client-3')
    stream.sends[4]!.reject(new ApiError(500, { code: 500, message: 'Broken again' }))
    await flush()
    store.discard('c2', 'client-3')
    snap('discarded')

    stream.emit({ type: 'pin.updated', pin_id: 'p1', save_count: 3, like_count: 4 } as ServerEvent)
    stream.emit({ type: 'conversation.removed', conversation_id: 'c2' } as ServerEvent)
    await vi.advanceTimersByTimeAsync(200)
    snap('pin counts and a removal')

    vi.mocked(http.listConversations).mockResolvedValueOnce(page([conversation('c1', 8)]))
    vi.mocked(http.listMessages).mockResolvedValueOnce(
      page([8, 7].map((s) => message('c1', s, 'bob'))),
    )
    for (const h of stream.syncHandlers) h()
    await vi.advanceTimersByTimeAsync(200)
    snap('resynced')

    vi.mocked(http.listMessages).mockRejectedValueOnce(notFound())
    vi.mocked(http.getConversation).mockRejectedValueOnce(notFound())
    store.openThread('c404')
    await flush()
    snap('not found')
    expect(store.thread('c404').notFound).toBe(true)
    expect(store.conversation('c1')?.last_seq).toBe(8)

    store.stop()
    expect(stream.stopped).toBe(1)
    expect(steps).toMatchSnapshot()
  })

  it('replaces a message changed in place (removed) in its thread and the inbox, adding nothing', async () => {
    const stream = new FakeStream()
    const store = new MessagesStore('me', stream as unknown as Stream)
    vi.mocked(http.listConversations).mockResolvedValueOnce(page([conversation('c1', 3)]))
    store.start()
    await flush()
    vi.mocked(http.listMessages).mockResolvedValueOnce(
      page([3, 2, 1].map((s) => message('c1', s, 'bob'))),
    )
    store.openThread('c1')
    await flush()
    const removed = (seq: number) =>
      message('c1', seq, 'bob', { text: null, attachment: null, removed: true })
    stream.emit({ type: 'message.updated', message: removed(3) } as ServerEvent)
    stream.emit({ type: 'message.updated', message: removed(2) } as ServerEvent)
    // not held by this tab: nothing to replace, nothing added
    stream.emit({ type: 'message.updated', message: { ...removed(1), conversation_id: 'c7' } })
    const thread = store.getState().threads['c1']!.messages
    expect(thread.map((m) => [m.seq, m.text, m.removed ?? false])).toEqual([
      [1, 'text 1', false],
      [2, null, true],
      [3, null, true],
    ])
    expect(store.conversation('c1')?.last_message).toMatchObject({ seq: 3, removed: true })
    expect(store.conversation('c1')?.unread_count).toBe(0)
    expect(store.getState().threads['c7']).toBeUndefined()
    store.stop()
  })

  it('sends again by itself, with the same client id, when the server answers 429 overloaded', async () => {
    const stream = new FakeStream()
    const store = new MessagesStore('me', stream as unknown as Stream)
    vi.mocked(http.listConversations).mockResolvedValueOnce(page([conversation('c1', 3)]))
    store.start()
    await flush()
    const overloaded = () =>
      new ApiError(429, { code: 429, message: 'Try again in a moment.', reason: 'overloaded' })
    const pending = () => store.getState().pending['c1'] ?? []

    store.send('c1', { text: 'busy' })
    stream.sends[0]!.reject(overloaded())
    await flush()
    // still on its way, not failed: it goes again after a moment
    expect(pending().map((p) => p.status)).toEqual(['sending'])
    expect(stream.sends).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(2000)
    expect(stream.sends).toHaveLength(2)
    expect(stream.sends[1]!.input.client_message_id).toBe('client-1')
    stream.sends[1]!.resolve(
      message('c1', 4, 'me', { client_message_id: 'client-1', text: 'busy' }),
    )
    await flush()
    expect(pending()).toEqual([])

    // overloaded every time: it gives up after a few tries and shows as failed (retry by hand)
    store.send('c1', { text: 'busier' })
    for (let i = 2; i < 2 + 6; i++) {
      stream.sends[i]!.reject(overloaded())
      await vi.advanceTimersByTimeAsync(30_000)
    }
    expect(stream.sends).toHaveLength(8)
    expect(pending().map((p) => [p.status, p.offline])).toEqual([['failed', false]])
    store.stop()
  })
})
