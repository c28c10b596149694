/**
 * A stream cursor: for each conversation, the last seq a client has received. Opaque to
 * clients; bound to one user so that it cannot be replayed by another.
 */
export type CursorState = Map<number, number>

export function encodeCursor(userId: number, state: CursorState): string {
  // JSON.stringify({ u, c: Object.fromEntries(state) }), written out: it runs on every delivery
  let c = ''
  for (const [conversationId, seq] of state) c += `${c ? ',' : ''}"${conversationId}":${seq}`
  return Buffer.from(`{"u":${userId},"c":{${c}}}`).toString('base64url')
}

/** The state a cursor names, or null when it is not a cursor of this user. */
export function decodeCursor(userId: number, cursor: string): CursorState | null {
  if (cursor.length > 65_536) return null
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    if (typeof value !== 'object' || value === null) return null
    const { u, c } = value as { u?: unknown; c?: unknown }
    if (u !== userId || typeof c !== 'object' || c === null) return null
    const state: CursorState = new Map()
    for (const [k, v] of Object.entries(c)) {
      const id = Number(k)
      if (!Number.isSafeInteger(id) || id <= 0 || !Number.isSafeInteger(v) || (v as number) < 0) {
        return null
      }
      state.set(id, v as number)
    }
    return state
  } catch {
    return null
  }
}
