import { describe, expect, it } from 'vitest'
import { CursorState, decodeCursor, encodeCursor } from './cursor'

const state = (entries: [number, number][]) => new CursorState(entries)

describe('stream cursor', () => {
  it('round-trips the per-conversation state of its user', () => {
    const s = state([
      [3, 17],
      [9, 0],
    ])
    expect(decodeCursor(42, encodeCursor(42, s))).toEqual({ base: null, state: new Map(s) })
    expect(decodeCursor(42, encodeCursor(42, state([])))).toEqual({ base: null, state: new Map() })
  })

  it('refuses another user’s cursor and anything malformed', () => {
    const cursor = encodeCursor(42, state([[3, 1]]))
    expect(decodeCursor(43, cursor)).toBeNull()
    for (const bogus of ['', 'not-base64!!', Buffer.from('[1,2]').toString('base64url')]) {
      expect(decodeCursor(42, bogus)).toBeNull()
    }
    for (const value of [
      { u: 42, c: { 3: -1 } },
      { u: 42, b: 0, c: {} },
      { u: 42, b: '7', c: {} },
      { u: 42, b: 1.5, c: {} },
    ]) {
      expect(decodeCursor(42, Buffer.from(JSON.stringify(value)).toString('base64url'))).toBeNull()
    }
  })

  it('past a baseline, carries only the conversations that moved since (one left: 0)', () => {
    const s = state(Array.from({ length: 500 }, (_, i): [number, number] => [i + 1, 10]))
    const whole = encodeCursor(7, s)
    s.rebase(99, new Map(s))
    expect(s.movedCount).toBe(0)
    expect(decodeCursor(7, encodeCursor(7, s))).toEqual({ base: 99, state: new Map() })
    s.set(5, 11)
    s.set(6, 10) // unchanged: not moved
    s.delete(8)
    s.set(501, 1)
    const small = encodeCursor(7, s)
    expect(decodeCursor(7, small)).toEqual({
      base: 99,
      state: new Map([
        [5, 11],
        [8, 0],
        [501, 1],
      ]),
    })
    expect(small.length).toBeLessThan(80)
    expect(whole.length).toBeGreaterThan(5000)
  })

  it('told relative to another baseline, carries the difference from that one', () => {
    const s = state([
      [1, 5],
      [2, 6],
    ])
    s.rebase(
      3,
      new Map([
        [1, 5],
        [2, 4],
        [9, 1],
      ]),
    )
    expect(decodeCursor(1, encodeCursor(1, s))?.state).toEqual(
      new Map([
        [2, 6],
        [9, 0],
      ]),
    )
  })
})
