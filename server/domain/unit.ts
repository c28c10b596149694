import type { Logger } from 'pino'
import { inTransaction, type Db, type Tx } from '../db/database'
import type { CacheName, Caches } from './caches'
import type { BusEvent, EventBus } from './events'

/**
 * One user action's transaction, with everything that must happen once it has committed
 * declared next to the write that makes it necessary. Nothing declared here happens on
 * rollback. After the commit, in this order: the caches' stale keys are dropped (here and on
 * every instance), then events are published and other hooks run, in the order declared.
 */
export interface Unit extends Tx {
  /** Publishes `event` once committed. A lost event is a hint lost, never a failed action. */
  publish(event: BusEvent): void
  /** Drops these keys of `cache` (null: all of it) once committed, on every instance. */
  changed(cache: CacheName, keys: readonly number[] | readonly string[] | null): void
}

export interface Units {
  /** The root database, for reads outside any transaction. */
  db: Db
  /**
   * Runs `fn` as one transaction; with `within` (a caller's unit), inside that one instead, so
   * a service can take part in another service's action without committing on its own.
   */
  run<T>(fn: (unit: Unit) => Promise<T>, within?: Unit): Promise<T>
  /** Publishes an event that follows no write (a typing hint); a failure is only logged. */
  announce(event: BusEvent): Promise<void>
}

export function createUnits(deps: {
  db: Db
  bus: Pick<EventBus, 'publish'>
  caches: Pick<Caches, 'changed'>
  log?: Pick<Logger, 'warn'>
}): Units {
  const { db, bus, caches, log } = deps

  async function publish(event: BusEvent) {
    try {
      await bus.publish(event)
    } catch (err) {
      // The database is the truth: receivers recover a lost hint (gap backfill, cache TTL).
      log?.warn({ err, event: event.type }, 'event bus publish failed')
    }
  }

  function unitOf(tx: Tx): Unit {
    const stale = new Map<CacheName, Set<number | string> | null>()
    const hooks: (() => void | Promise<void>)[] = []
    tx.afterCommit(async () => {
      for (const [cache, keys] of stale) {
        try {
          await caches.changed(cache, keys === null ? null : ([...keys] as number[] | string[]))
        } catch (err) {
          // dropped here already; other instances' copies age out (their TTL)
          log?.warn({ err, cache }, 'cache drop publish failed')
        }
      }
      for (const hook of hooks) await hook()
    })
    return {
      trx: tx.trx,
      afterCommit: (fn) => void hooks.push(fn),
      publish: (event) => void hooks.push(() => publish(event)),
      changed(cache, keys) {
        if (keys !== null && keys.length === 0) return
        const known = stale.get(cache)
        if (known === null) return
        if (keys === null) return void stale.set(cache, null)
        const set = known ?? new Set<number | string>()
        for (const key of keys) set.add(key)
        stale.set(cache, set)
      },
    }
  }

  return {
    db,
    announce: publish,
    run: (fn, within) => (within ? fn(within) : inTransaction(db, (tx) => fn(unitOf(tx)))),
  }
}
