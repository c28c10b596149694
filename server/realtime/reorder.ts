/** A conversation's message events: only their order matters here. */
export interface Sequenced {
  conversation_id: number
  seq: number
}

/** How long a gap in a conversation's events is waited for before passing on what follows it. */
export const HOLD_MS = 20
/** Conversations whose last seq is remembered (the least recently active are forgotten). */
const MAX_CONVERSATIONS = 10_000

/**
 * Puts each conversation's `message.created` events back in seq order before live delivery.
 * With several instances (or several commits in flight), a conversation's messages commit
 * moments apart on different connections, and their events can reach an instance in another
 * order: seq 7 from this instance before seq 6 from another one over Redis. Passed on at once,
 * seq 7 would find every socket of the conversation one behind and make each backfill from
 * the database; held a moment, it follows seq 6, which nearly always arrives within a
 * millisecond or two. An event that never comes (a hint lost with Redis) costs its followers
 * at most `holdMs`; they are then passed on, and sockets backfill the gap from the database
 * as before. Events at or below what was passed are passed at once (the cursor skips them).
 */
export function createReorder<E extends Sequenced>(
  pass: (event: E) => void,
  opts: { holdMs?: number; maxConversations?: number } = {},
) {
  const holdMs = opts.holdMs ?? HOLD_MS
  const maxConversations = opts.maxConversations ?? MAX_CONVERSATIONS
  interface State {
    last: number
    held: Map<number, E>
    timer: NodeJS.Timeout | null
  }
  // in insertion order, refreshed on every event: the first entries are the least active
  const states = new Map<number, State>()

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
    state.timer = null
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
      if (state.timer) clearTimeout(state.timer)
      states.delete(id)
    }
  }

  return function onEvent(event: E) {
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
}
