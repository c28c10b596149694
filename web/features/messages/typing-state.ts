import type { StateCell } from './messages-state'

export const TYPING_TTL_MS = 4000

/** Who is typing where: each `typing` event holds for a few seconds, then fades by itself. */
export class TypingIndicators {
  private timers = new Map<string, ReturnType<typeof setTimeout>>()

  constructor(private readonly cell: StateCell) {}

  stop() {
    for (const t of this.timers.values()) clearTimeout(t)
  }

  typing(conversationId: string, username: string) {
    if (username === this.cell.getState().me) return
    const key = `${conversationId}:${username}`
    this.cell.set((st) => ({
      ...st,
      typing: {
        ...st.typing,
        [conversationId]: { ...st.typing[conversationId], [username]: Date.now() + TYPING_TTL_MS },
      },
    }))
    const old = this.timers.get(key)
    if (old) clearTimeout(old)
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key)
        this.cell.set((st) => {
          const of = st.typing[conversationId]
          if (!of || (of[username] ?? 0) > Date.now()) return st
          const rest = { ...of }
          delete rest[username]
          return { ...st, typing: { ...st.typing, [conversationId]: rest } }
        })
      }, TYPING_TTL_MS + 50),
    )
  }
}
