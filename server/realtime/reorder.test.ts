import { afterEach, describe, expect, it, vi } from 'vitest'
import { createReorder, HOLD_MS, type Sequenced } from './reorder'

const ev = (conversation_id: number, seq: number): Sequenced => ({ conversation_id, seq })

describe('reorder of a conversation’s message events', () => {
  afterEach(() => vi.useRealTimers())

  it('passes events in order at once, and the first event of a conversation whatever its seq', () => {
    const out: string[] = []
    const on = createReorder((e) => out.push(`${e.conversation_id}:${e.seq}`))
    on(ev(1, 40))
    on(ev(1, 41))
    on(ev(2, 7))
    on(ev(1, 42))
    expect(out).toEqual(['1:40', '1:41', '2:7', '1:42'])
  })

  it('holds an event that comes before its predecessor until the predecessor arrives', () => {
    vi.useFakeTimers()
    const out: number[] = []
    const on = createReorder((e) => out.push(e.seq))
    on(ev(1, 5))
    on(ev(1, 7))
    on(ev(1, 8))
    expect(out).toEqual([5])
    on(ev(1, 6))
    expect(out).toEqual([5, 6, 7, 8])
    vi.advanceTimersByTime(100)
    expect(out).toEqual([5, 6, 7, 8])
  })

  it('tells the last seq it passed on per conversation, not what it holds', () => {
    vi.useFakeTimers()
    const on = createReorder(() => {})
    expect(on.last(1)).toBeUndefined()
    on(ev(1, 5))
    on(ev(1, 7))
    expect(on.last(1)).toBe(5)
    on(ev(1, 6))
    expect(on.last(1)).toBe(7)
    expect(on.last(2)).toBeUndefined()
  })

  it('passes what waits, in order, once a gap has not been filled within the hold', () => {
    vi.useFakeTimers()
    const out: number[] = []
    const on = createReorder((e) => out.push(e.seq), { holdMs: 20 })
    on(ev(1, 1))
    on(ev(1, 4))
    on(ev(1, 3))
    vi.advanceTimersByTime(19)
    expect(out).toEqual([1])
    vi.advanceTimersByTime(1)
    expect(out).toEqual([1, 3, 4])
    expect(on.counts()).toEqual({ held: 2, gaveUp: 1 })
    // the late event still goes out (the socket's cursor skips what it already has)
    on(ev(1, 2))
    on(ev(1, 5))
    expect(out).toEqual([1, 3, 4, 2, 5])
  })

  it('waits out another instance’s stall: a gap is held far longer than a GC pause', () => {
    vi.useFakeTimers()
    const out: number[] = []
    const on = createReorder((e) => out.push(e.seq))
    on(ev(1, 1))
    on(ev(1, 3))
    // a stall of a few hundred ms on the writer's side: still waited for, not read around
    vi.advanceTimersByTime(Math.min(300, HOLD_MS - 1))
    expect(out).toEqual([1])
    on(ev(1, 2))
    expect(out).toEqual([1, 2, 3])
  })

  it('holds nothing while the bus is down, and a flush passes on at once what was held', () => {
    vi.useFakeTimers()
    let busUp = true
    const out: string[] = []
    const on = createReorder((e) => out.push(`${e.conversation_id}:${e.seq}`), {
      holding: () => busUp,
    })
    on(ev(1, 1))
    on(ev(1, 3))
    on(ev(2, 1))
    on(ev(2, 4))
    on(ev(2, 3))
    expect(out).toEqual(['1:1', '2:1'])
    // the subscription drops: the events waited for are not coming
    busUp = false
    on.flush()
    expect(out).toEqual(['1:1', '2:1', '1:3', '2:3', '2:4'])
    // while it is down, a gap passes at once (sockets read it from the database)
    on(ev(1, 5))
    expect(out.at(-1)).toBe('1:5')
    // nothing left waiting on a timer
    vi.advanceTimersByTime(HOLD_MS * 2)
    expect(out).toHaveLength(6)
    // back up: gaps are held again
    busUp = true
    on(ev(1, 7))
    expect(out).toHaveLength(6)
    on(ev(1, 6))
    expect(out.slice(-2)).toEqual(['1:6', '1:7'])
  })

  it('a gap in one conversation holds nothing of another', () => {
    vi.useFakeTimers()
    const out: string[] = []
    const on = createReorder((e) => out.push(`${e.conversation_id}:${e.seq}`))
    on(ev(1, 1))
    on(ev(1, 3))
    on(ev(2, 1))
    on(ev(2, 2))
    expect(out).toEqual(['1:1', '2:1', '2:2'])
  })

  it('forgets the least active conversations past its bound, passing what they held', () => {
    vi.useFakeTimers()
    const out: string[] = []
    const on = createReorder((e) => out.push(`${e.conversation_id}:${e.seq}`), {
      maxConversations: 2,
    })
    on(ev(1, 1))
    on(ev(1, 3))
    on(ev(2, 1))
    on(ev(3, 1))
    expect(out).toEqual(['1:1', '2:1', '1:3', '3:1'])
    // conversation 1 starts afresh: its next event passes at once
    on(ev(1, 9))
    expect(out.at(-1)).toBe('1:9')
  })
})
