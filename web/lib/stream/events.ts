import type { ServerEvent, ServerEventType } from '../../../protocol/messages'
import type { EventOf } from './types'

const SEEN_LIMIT = 5000

type AnyHandler = (event: ServerEvent) => void

export function parseEvent(data: unknown): ServerEvent | null {
  if (typeof data !== 'string') return null
  try {
    const v = JSON.parse(data) as unknown
    if (typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string') {
      return v as ServerEvent
    }
  } catch {
    // not JSON
  }
  return null
}

/** Handlers by event type; one that throws does not stop the others. */
export class EventHandlers {
  private handlers = new Map<ServerEventType, Set<AnyHandler>>()

  on<K extends ServerEventType>(type: K, handler: (event: EventOf<K>) => void): () => void {
    let set = this.handlers.get(type)
    if (!set) this.handlers.set(type, (set = new Set()))
    const h = handler as AnyHandler
    set.add(h)
    return () => set.delete(h)
  }

  emit(event: ServerEvent) {
    const set = this.handlers.get(event.type)
    if (!set) return
    for (const h of [...set]) {
      try {
        h(event)
      } catch (err) {
        console.error(err)
      }
    }
  }
}

/** Message ids already delivered (the newest few thousand), so a replay is dropped. */
export class SeenIds {
  private seen = new Set<string>()

  /** false when the id was seen before */
  remember(id: string): boolean {
    if (this.seen.has(id)) return false
    this.seen.add(id)
    if (this.seen.size > SEEN_LIMIT) {
      const oldest = this.seen.values().next().value
      if (oldest !== undefined) this.seen.delete(oldest)
    }
    return true
  }
}
