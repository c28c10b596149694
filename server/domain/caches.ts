import type { CacheName, EventBus } from './events'

export type { CacheName }

/**
 * A bounded map of values derived from the database. A value loaded while a change to it
 * was committing must not outlive that change: callers take a `stamp()` before loading and
 * `set` drops the value when a `forget` came in between.
 */
export class Derived<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>()
  private generation = 0

  constructor(
    private readonly max: number,
    /** how long a value is trusted; null: until it is forgotten */
    private readonly ttlMs: number | null,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    if (entry.expires < Date.now()) {
      this.entries.delete(key)
      return undefined
    }
    return entry.value
  }

  stamp(): number {
    return this.generation
  }

  set(key: K, value: V, stamp: number): void {
    if (stamp !== this.generation) return
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!)
    this.entries.set(key, {
      value,
      expires: this.ttlMs === null ? Infinity : Date.now() + this.ttlMs,
    })
  }

  /** Drops these keys (null: everything). */
  forget(keys: readonly K[] | null): void {
    this.generation++
    if (keys === null) this.entries.clear()
    else for (const key of keys) this.entries.delete(key)
  }
}

/**
 * The caches of one instance, kept in step with every other instance's commits through the
 * bus: `changed` (called after a commit) drops the keys here at once and publishes them, and
 * every instance drops what others publish. With several instances (`ttlMs` set) a value is
 * also trusted only for a while, a bound on staleness should an event ever be lost; after a
 * bus outage, `clear` drops everything.
 */
export function createCaches(bus: EventBus, ttlMs: number | null) {
  const caches = {
    pins: new Derived<number, unknown>(50_000, ttlMs),
    readers: new Derived<number, unknown>(20_000, ttlMs),
    auth: new Derived<string, unknown>(20_000, ttlMs),
    feeds: new Derived<number, unknown>(20_000, ttlMs),
  }
  bus.subscribe((event) => {
    if (event.type === 'cache.stale') caches[event.cache].forget(event.keys as never)
  })
  return {
    /** The named cache, typed by the caller (each cache has one owner). */
    of<K extends number | string, V>(name: CacheName): Derived<K, V> {
      return caches[name] as unknown as Derived<K, V>
    },
    async changed(cache: CacheName, keys: number[] | string[] | null): Promise<void> {
      caches[cache].forget(keys as never)
      await bus.publish({ type: 'cache.stale', cache, keys })
    },
    clear() {
      for (const cache of Object.values(caches)) cache.forget(null)
    },
  }
}

export type Caches = ReturnType<typeof createCaches>
