/** A conversation's message events: only their order matters here. */
export interface Sequenced {
  conversation_id: number
  seq: number
}

/**
 * How long a gap in a conversation's events is waited for before passing on what follows it.
 * While the bus is up, a missing event is nearly always late, not lost: the instance that
 * wrote it is in a stall (GC, a busy core) or Redis is slow to pass it on. Giving up early
 * costs every socket of the conversation a read of the gap from the database, and under load
 * those reads fed on themselves (measured with two instances at 2,000 sends/s: a 20 ms hold
 * gave up about a hundred times a second, each gap read back by every socket of its
 * conversation, and deliveries fell seconds behind; this one never gave up, p50 9–20 ms over 8
 * runs). Only a writer that dies between commit and publish, or a failed publish, loses an
 * event while the bus is up; a bus outage passes what is held at once.
 */
export const HOLD_MS = 500
/** Conversations whose last seq is remembered (the least recently active are forgotten). */
const MAX_CONVERSATIONS = 10_000

/**
 * Puts each conversation's `message.created` events back in seq order before live delivery.
 * With several instances (or several commits in flight), a conversation's messages commit
 * moments apart on different connections, and their events can reach an instance in another
 * order: seq 7 from this instance before seq 6 from another one over Redis. Passed on at once,
 * seq 7 would find every socket of the conversation one behind and make each backfill from
 * the database; held, it follows seq 6, which nearly always arrives within a millisecond or
 * two. An event that never comes costs its followers at most `holdMs`; they are then passed
 * on, and sockets backfill the gap from the database as before. While `holding()` is false
 * (the bus is down: events of other instances are not coming), nothing is held, and `flush()`
 * passes on at once what was. Events at or below what was passed are passed at once (the
 * cursor skips them).
 */
export function createReorder<E extends Sequenced>(
  pass: (event: E) => void,
  opts: { holdMs?: number; maxConversations?: number; holding?: () => boolean } = {},
) {
  const holdMs = opts.holdMs ?? HOLD_MS
  const holding = opts.holding ?? (() => true)
  const maxConversations = opts.maxConversations ?? MAX_CONVERSATIONS
  interface State {
    last: number
    held: Map<number, E>
    timer: NodeJS.Timeout | null
  }
  // in insertion order, refreshed on every event: the first entries are the least active
  const states = new Map<number, State>()
  /** events held for a gap so far, and gaps given up on (their followers passed on unfilled) */
  const counts = { held: 0, gaveUp: 0 }

  function release(state: State) {
    while (state.held.has(state.last + 1)) {
      const next = state.held.get(state.last + 1)!
      state.held.delete(state.last + 1)
      state.last += 1
      pass(next)
    }
    if (state.held.size === 0 && state.timer) {
      clearTimeout(state.timer)
      state.timer = null
    }
  }

  /** The gap was not filled in time: what waits goes out in order, sockets backfill the rest. */
  function giveUp(state: State) {
    if (state.timer) clearTimeout(state.timer)
    state.timer = null
    counts.gaveUp++
    const waiting = [...state.held.values()].sort((a, b) => a.seq - b.seq)
    state.held.clear()
    for (const event of waiting) {
      state.last = Math.max(state.last, event.seq)
      pass(event)
    }
  }

  function forgetOldest() {
    for (const [id, state] of states) {
      if (states.size <= maxConversations) return
      if (state.held.size > 0) giveUp(state)
      states.delete(id)
    }
  }

  function onEvent(event: E) {
    const id = event.conversation_id
    let state = states.get(id)
    if (state) states.delete(id)
    if (!state) {
      state = { last: event.seq - 1, held: new Map(), timer: null }
    }
    states.set(id, state)
    if (states.size > maxConversations) forgetOldest()
    if (event.seq > state.last + 1) {
      state.held.set(event.seq, event)
      counts.held++
      if (!holding()) return giveUp(state)
      if (!state.timer) {
        const waiting = state
        state.timer = setTimeout(() => giveUp(waiting), holdMs)
        state.timer.unref?.()
      }
      return
    }
    state.last = Math.max(state.last, event.seq)
    pass(event)
    release(state)
  }

  /** Passes on at once, in order, everything held (the events it waits for are not coming). */
  function flush() {
    for (const state of states.values()) if (state.held.size > 0) giveUp(state)
  }

  /**
   * The last seq of the conversation passed on, if it is remembered; asking does not count as
   * activity (the least active conversations are still forgotten first).
   */
  const last = (conversationId: number): number | undefined => states.get(conversationId)?.last

  return Object.assign(onEvent, { flush, last, counts: () => ({ ...counts }) })
}
