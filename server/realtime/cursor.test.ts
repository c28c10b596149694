import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor } from './cursor'

describe('stream cursor', () => {
  it('round-trips the per-conversation state of its user', () => {
    const state = new Map([
      [3, 17],
      [9, 0],
    ])
    expect(decodeCursor(42, encodeCursor(42, state))).toEqual(state)
    expect(decodeCursor(42, encodeCursor(42, new Map()))).toEqual(new Map())
  })

  it('refuses another user’s cursor and anything malformed', () => {
    const cursor = encodeCursor(42, new Map([[3, 1]]))
    expect(decodeCursor(43, cursor)).toBeNull()
    for (const bogus of ['', 'not-base64!!', Buffer.from('[1,2]').toString('base64url')]) {
      expect(decodeCursor(42, bogus)).toBeNull()
    }
    const negative = Buffer.from(JSON.stringify({ u: 42, c: { 3: -1 } })).toString('base64url')
    expect(decodeCursor(42, negative)).toBeNull()
  })
})
