import type { BusEvent, EventBus } from '../domain/events'

/** The in-process bus of a single instance. A subscriber that throws does not stop the others. */
export function createLocalBus(onError?: (err: unknown) => void): EventBus {
  const subscribers = new Set<(event: BusEvent) => void>()
  return {
    async publish(event) {
      for (const fn of subscribers) {
        try {
          fn(event)
        } catch (err) {
          onError?.(err)
        }
      }
    },
    subscribe(fn) {
      subscribers.add(fn)
      return () => {
        subscribers.delete(fn)
      }
    },
    async close() {
      subscribers.clear()
    },
  }
}
