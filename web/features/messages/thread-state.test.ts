import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Message } from '../../../protocol/messages'
import * as http from './messages-api'
import { initialState, StateCell } from './messages-state'
import { Threads } from './thread-state'

vi.mock('./messages-api', async (original) => ({
  ...(await original<typeof import('./messages-api')>()),
  listMessages: vi.fn(),
}))

function message(seq: number): Message {
  return {
    id: `m${seq}`,
    conversation_id: 'c1',
    seq,
    sender: { username: 'bob' },
    created_at: new Date(seq * 60_000).toISOString(),
    client_message_id: `cm${seq}`,
    text: `text ${seq}`,
    attachment: null,
    promotion_id: null,
    removed: false,
    reactions: [],
    reply_to: null,
    edited_at: null,
    saved_by: [],
  }
}

/** Pages of `seqs` (newest first), `size` at a time, bookmarked by index. */
function pages(seqs: number[], size: number) {
  vi.mocked(http.listMessages).mockImplementation((_id, bookmark) => {
    const from = bookmark ? Number(bookmark) : 0
    const items = seqs.slice(from, from + size).map(message)
    return Promise.resolve({
      items,
      bookmark: from + size < seqs.length ? String(from + size) : null,
    })
  })
}

const setup = () => {
  const cell = new StateCell(initialState('me', 'online'))
  return { cell, threads: new Threads(cell, () => Promise.resolve()) }
}
const flush = () => new Promise((r) => setTimeout(r, 0))

describe('threads', () => {
  afterEach(() => vi.resetAllMocks())

  it('jumps to an old message by loading older pages until it is held, then marks it', async () => {
    // seqs with gaps: events (reactions, edits) took the missing positions
    const seqs = Array.from({ length: 30 }, (_, i) => 90 - i * 3)
    pages(seqs, 10)
    const { cell, threads } = setup()
    threads.open('c1')
    await flush()
    expect(threads.thread('c1').messages).toHaveLength(10)
    expect(await threads.jumpTo('c1', 'm9', 9)).toBe(true)
    const t = threads.thread('c1')
    expect(t.messages[0]!.seq).toBe(3)
    expect(t.jump).toEqual({ id: 'm9', n: 1 })
    // a message the reader cannot see: every page loaded, not found, no jump
    expect(await threads.jumpTo('c1', 'm2', 2)).toBe(false)
    expect(cell.getState().threads['c1']!.jump).toEqual({ id: 'm9', n: 1 })
    expect(vi.mocked(http.listMessages)).toHaveBeenCalledTimes(3)
  })

  it('keeps older pages on a refetch only when the newest page overlaps them', async () => {
    pages([20, 18, 16, 14, 12, 10], 3)
    const { threads } = setup()
    threads.open('c1')
    await flush()
    await threads.loadOlder('c1')
    expect(threads.thread('c1').messages.map((m) => m.seq)).toEqual([10, 12, 14, 16, 18, 20])
    // two new messages with a gap between (seq 21 was a reaction): overlaps at 20, kept
    pages([24, 22, 20, 18, 16, 14, 12, 10], 3)
    threads.refetchOpen()
    await flush()
    expect(threads.thread('c1').messages.map((m) => m.seq)).toEqual([
      10, 12, 14, 16, 18, 20, 22, 24,
    ])
    // far more new ones than a page: no overlap, the older pages are let go
    pages([40, 38, 36, 34, 32, 30], 3)
    threads.refetchOpen()
    await flush()
    expect(threads.thread('c1').messages.map((m) => m.seq)).toEqual([36, 38, 40])
    expect(threads.thread('c1').bookmark).toBe('3')
  })
})
