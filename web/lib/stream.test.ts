import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Message, ServerEvent } from '../../protocol/messages'
import { backoffDelay, newClientId, Stream, type SendInput, type SocketLike } from './stream'

class FakeSocket implements SocketLike {
  readyState = 0
  sent: Record<string, unknown>[] = []
  onopen: ((event: unknown) => void) | null = null
  onclose: ((event: unknown) => void) | null = null
  onerror: ((event: unknown) => void) | null = null
  onmessage: ((event: { data: unknown }) => void) | null = null
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>)
  }
  close() {
    this.readyState = 3
  }
  open() {
    this.readyState = 1
    this.onopen?.({})
  }
  receive(event: ServerEvent) {
    this.onmessage?.({ data: JSON.stringify(event) })
  }
  drop() {
    this.readyState = 3
    this.onclose?.({})
  }
}

function memoryStorage() {
  const data = new Map<string, string>()
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
    data,
  }
}

function message(id: string, seq: number, client = `c${id}`): Message {
  return {
    id,
    conversation_id: '1',
    seq,
    sender: { username: 'ana' },
    created_at: new Date(0).toISOString(),
    client_message_id: client,
    text: `m${id}`,
    attachment: null,
    promotion_id: null,
    removed: false,
    reactions: [],
    reply_to: null,
    edited_at: null,
    saved_by: [],
  }
}

describe('Stream', () => {
  let sockets: FakeSocket[]
  let storage: ReturnType<typeof memoryStorage>
  let post: ReturnType<typeof vi.fn<(input: SendInput) => Promise<Message>>>
  let stream: Stream

  beforeEach(() => {
    vi.useFakeTimers()
    sockets = []
    storage = memoryStorage()
    post = vi.fn<(input: SendInput) => Promise<Message>>()
    stream = new Stream({
      url: 'ws://test/v5/stream',
      storage,
      createSocket: () => {
        const s = new FakeSocket()
        sockets.push(s)
        return s
      },
      post,
      random: () => 1,
      baseDelayMs: 100,
      maxDelayMs: 1000,
    })
  })

  afterEach(() => {
    stream.stop()
    vi.useRealTimers()
  })

  it('says hello with the stored cursor and keeps the newest cursor', () => {
    storage.setItem('corkboard:stream-cursor', 'c0')
    stream = new Stream({
      storage,
      url: 'ws://x',
      createSocket: () => {
        const s = new FakeSocket()
        sockets.push(s)
        return s
      },
    })
    stream.start()
    sockets[0]!.open()
    expect(sockets[0]!.sent[0]).toEqual({ type: 'hello', cursor: 'c0' })
    sockets[0]!.receive({ type: 'message.created', message: message('1', 1), cursor: 'c1' })
    sockets[0]!.receive({ type: 'ready', cursor: 'c1' })
    expect(stream.state).toBe('online')
    expect(storage.data.get('corkboard:stream-cursor')).toBe('c1')
  })

  it('moves its cursor past a reaction, edit or unsend, not past a moderator takedown', () => {
    const updates: string[] = []
    stream.on('message.updated', (e) => updates.push(e.message.id))
    stream.start()
    sockets[0]!.open()
    sockets[0]!.receive({ type: 'ready', cursor: 'a' })
    sockets[0]!.receive({ type: 'message.updated', message: message('1', 1), cursor: 'b' })
    expect(stream.cursor).toBe('b')
    // a takedown is no stream position: it has no cursor and leaves it where it was
    sockets[0]!.receive({ type: 'message.updated', message: message('1', 1) })
    expect(stream.cursor).toBe('b')
    expect(updates).toEqual(['1', '1'])
    // reconnecting resumes after the event
    sockets[0]!.drop()
    vi.advanceTimersByTime(100)
    sockets[1]!.open()
    expect(sockets[1]!.sent[0]).toEqual({ type: 'hello', cursor: 'b' })
  })

  it('reconnects with backoff, resumes with its cursor and drops duplicate messages', () => {
    const got: string[] = []
    const states: string[] = []
    stream.on('message.created', (e) => got.push(e.message.id))
    stream.onState((s) => states.push(s))
    stream.start()
    sockets[0]!.open()
    sockets[0]!.receive({ type: 'ready', cursor: 'a' })
    sockets[0]!.receive({ type: 'message.created', message: message('1', 1), cursor: 'b' })
    sockets[0]!.drop()
    expect(stream.state).toBe('reconnecting')
    vi.advanceTimersByTime(99)
    expect(sockets).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(sockets).toHaveLength(2)
    sockets[1]!.drop()
    vi.advanceTimersByTime(199)
    expect(sockets).toHaveLength(2)
    vi.advanceTimersByTime(1)
    sockets[2]!.open()
    expect(sockets[2]!.sent[0]).toEqual({ type: 'hello', cursor: 'b' })
    sockets[2]!.receive({ type: 'message.created', message: message('1', 1), cursor: 'b' })
    sockets[2]!.receive({ type: 'message.created', message: message('2', 2), cursor: 'c' })
    sockets[2]!.receive({ type: 'ready', cursor: 'c' })
    expect(got).toEqual(['1', '2'])
    expect(states).toEqual(['online', 'reconnecting', 'online'])
  })

  it('asks for a refetch on a fresh start and on resync_required', () => {
    const syncs: number[] = []
    stream.onSync(() => syncs.push(1))
    stream.start()
    sockets[0]!.open()
    sockets[0]!.receive({ type: 'ready', cursor: 'a' })
    expect(syncs).toHaveLength(1)
    sockets[0]!.drop()
    vi.advanceTimersByTime(100)
    sockets[1]!.open()
    expect(sockets[1]!.sent[0]).toEqual({ type: 'hello', cursor: 'a' })
    sockets[1]!.receive({ type: 'resync_required' })
    sockets[1]!.receive({ type: 'ready', cursor: 'z' })
    expect(syncs).toHaveLength(2)
    expect(stream.cursor).toBe('z')
  })

  it('sends over the socket, resolves on ack, and rejects on a refusal', async () => {
    stream.start()
    sockets[0]!.open()
    sockets[0]!.receive({ type: 'ready', cursor: 'a' })
    const sent = stream.sendMessage({ conversation_id: '1', client_message_id: 'x', text: 'hi' })
    const frame = sockets[0]!.sent[1]!
    expect(frame).toMatchObject({ type: 'message.send', client_message_id: 'x', text: 'hi' })
    sockets[0]!.receive({
      type: 'message.ack',
      request_id: String(frame.request_id),
      message: message('9', 9, 'x'),
    })
    await expect(sent).resolves.toMatchObject({ id: '9' })

    const refused = stream.sendMessage({ conversation_id: '1', client_message_id: 'y' })
    const frame2 = sockets[0]!.sent[2]!
    sockets[0]!.receive({
      type: 'error',
      request_id: String(frame2.request_id),
      code: 403,
      reason: 'blocked',
      message: 'No.',
    })
    await expect(refused).rejects.toMatchObject({ status: 403, reason: 'blocked' })
    expect(post).not.toHaveBeenCalled()
  })

  it('an ack with a cursor is also the message.created of its own socket: resumes past it, once', async () => {
    const got: string[] = []
    stream.on('message.created', (e) => got.push(e.message.id))
    stream.start()
    sockets[0]!.open()
    sockets[0]!.receive({ type: 'ready', cursor: 'a' })
    const sent = stream.sendMessage({ conversation_id: '1', client_message_id: 'x', text: 'hi' })
    const frame = sockets[0]!.sent[1]!
    sockets[0]!.receive({
      type: 'message.ack',
      request_id: String(frame.request_id),
      message: message('9', 9, 'x'),
      cursor: 'b',
    })
    await expect(sent).resolves.toMatchObject({ id: '9' })
    expect(stream.cursor).toBe('b')
    // the same message again (a replay after a reconnect) is not handed on twice
    sockets[0]!.receive({ type: 'message.created', message: message('9', 9, 'x'), cursor: 'b' })
    expect(got).toEqual(['9'])
  })

  it('falls back to HTTP with the same client id when offline or when the socket drops', async () => {
    post.mockImplementation((input) => Promise.resolve(message('5', 5, input.client_message_id)))
    stream.start()
    await expect(
      stream.sendMessage({ conversation_id: '1', client_message_id: 'p', text: 'a' }),
    ).resolves.toMatchObject({ client_message_id: 'p' })
    sockets[0]!.open()
    sockets[0]!.receive({ type: 'ready', cursor: 'a' })
    const inFlight = stream.sendMessage({ conversation_id: '1', client_message_id: 'q' })
    sockets[0]!.drop()
    await expect(inFlight).resolves.toMatchObject({ client_message_id: 'q' })
    expect(post.mock.calls.map((c) => c[0].client_message_id)).toEqual(['p', 'q'])
  })

  /** A stream whose 4401 closes ask `checkSession` whether the session still stands. */
  const streamCheckingSession = (checkSession: () => Promise<unknown>) =>
    new Stream({
      url: 'ws://x',
      storage,
      createSocket: () => {
        const s = new FakeSocket()
        sockets.push(s)
        return s
      },
      random: () => 1,
      baseDelayMs: 100,
      checkSession,
    })

  it('after a 4401 close (credential revoked) asks whether the session still stands before reconnecting', async () => {
    const checkSession = vi.fn(() => Promise.reject(new Error('401')))
    stream = streamCheckingSession(checkSession)
    stream.start()
    sockets[0]!.open()
    sockets[0]!.receive({ type: 'ready', cursor: 'a' })
    sockets[0]!.readyState = 3
    sockets[0]!.onclose?.({ code: 4401 })
    expect(checkSession).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(0)
    expect(checkSession).toHaveBeenCalledTimes(1)
    // the failed check signed the tab out (the app stops its stream): no reconnect
    stream.stop()
    await vi.advanceTimersByTimeAsync(1000)
    expect(sockets).toHaveLength(1)
  })

  it('after a 4401 close whose session still stands (renewed by a password change) reconnects', async () => {
    stream = streamCheckingSession(() => Promise.resolve({}))
    stream.start()
    sockets[0]!.open()
    sockets[0]!.readyState = 3
    sockets[0]!.onclose?.({ code: 4401 })
    await vi.advanceTimersByTimeAsync(100)
    expect(sockets).toHaveLength(2)
  })

  it('throttles typing frames per conversation', () => {
    stream.start()
    sockets[0]!.open()
    sockets[0]!.receive({ type: 'ready', cursor: 'a' })
    stream.typing('1')
    stream.typing('1')
    stream.typing('2')
    vi.advanceTimersByTime(2600)
    stream.typing('1')
    expect(sockets[0]!.sent.filter((f) => f.type === 'typing')).toHaveLength(3)
  })
})

describe('helpers', () => {
  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(0, 500, 8000, 0)).toBe(250)
    expect(backoffDelay(0, 500, 8000, 1)).toBe(500)
    expect(backoffDelay(3, 500, 8000, 1)).toBe(4000)
    expect(backoffDelay(10, 500, 8000, 0.5)).toBe(6000)
  })

  it('makes UUIDs', () => {
    expect(newClientId()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
  })
})
