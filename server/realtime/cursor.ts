/**
 * A stream cursor: for each conversation, the last seq a client has received. Opaque to
 * clients; bound to one user so that it cannot be replayed by another.
 *
 * Someone in many conversations (a brand that thanked thousands of people) would carry all
 * of them in every frame, and their `hello` would pass the 64 KiB frame limit. Past
 * BASELINE_AFTER conversations the state is told relative to a stored baseline instead
 * (messaging's stream baselines): the cursor names it and carries only the conversations
 * that moved since (`{"u","b","c"}`), a conversation left since as seq 0.
 */

/** Conversations a cursor carries at most before it is told relative to a stored baseline. */
export const BASELINE_AFTER = 64

/** The state of one socket, and what moved since its baseline when it has one. */
export class CursorState extends Map<number, number> {
  /** the id of the stored baseline this state is told relative to (null: none, all is told) */
  baseId: number | null = null
  /** the conversations that moved since the baseline (kept only while there is one) */
  private moved = new Set<number>()

  // (`!= null`: Map's constructor calls set() before the fields above are initialised)
  override set(conversationId: number, seq: number): this {
    if (this.baseId != null && super.get(conversationId) !== seq) this.moved.add(conversationId)
    return super.set(conversationId, seq)
  }

  override delete(conversationId: number): boolean {
    if (this.baseId != null) this.moved.add(conversationId)
    return super.delete(conversationId)
  }

  /** The conversations a cursor of this state carries. */
  get movedCount(): number {
    return this.baseId === null ? this.size : this.moved.size
  }

  /** Tells the state relative to `seqs`, stored as baseline `id` (taken from this state earlier). */
  rebase(id: number, seqs: ReadonlyMap<number, number>) {
    this.baseId = id
    this.moved = new Set()
    for (const [c, seq] of this) if (seqs.get(c) !== seq) this.moved.add(c)
    for (const c of seqs.keys()) if (!this.has(c)) this.moved.add(c)
  }

  /** The conversations that moved since the baseline (a cursor carries these when it has one). */
  movedSinceBase(): Iterable<number> {
    return this.moved
  }
}

export function encodeCursor(userId: number, state: CursorState): string {
  // JSON.stringify({ u, b?, c }), written out: it runs on every delivery
  let c = ''
  if (state.baseId === null) {
    for (const [conversationId, seq] of state) c += `${c ? ',' : ''}"${conversationId}":${seq}`
  } else {
    // (one left since the baseline: 0, as if never seen)
    for (const conversationId of state.movedSinceBase()) {
      c += `${c ? ',' : ''}"${conversationId}":${state.get(conversationId) ?? 0}`
    }
  }
  const base = state.baseId === null ? '' : `"b":${state.baseId},`
  return Buffer.from(`{"u":${userId},${base}"c":{${c}}}`).toString('base64url')
}

/** What a cursor says: its baseline's id (if any) and the entries it carries. */
export interface DecodedCursor {
  base: number | null
  state: Map<number, number>
}

/** What a cursor says, or null when it is not a cursor of this user. */
export function decodeCursor(userId: number, cursor: string): DecodedCursor | null {
  if (cursor.length > 65_536) return null
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    if (typeof value !== 'object' || value === null) return null
    const { u, b, c } = value as { u?: unknown; b?: unknown; c?: unknown }
    if (u !== userId || typeof c !== 'object' || c === null) return null
    if (b !== undefined && !(Number.isSafeInteger(b) && (b as number) > 0)) return null
    const state = new Map<number, number>()
    for (const [k, v] of Object.entries(c)) {
      const id = Number(k)
      if (!Number.isSafeInteger(id) || id <= 0 || !Number.isSafeInteger(v) || (v as number) < 0) {
        return null
      }
      state.set(id, v as number)
    }
    return { base: (b as number | undefined) ?? null, state }
  } catch {
    return null
  }
}
