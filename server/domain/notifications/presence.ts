import type { Logger } from 'pino'
import { nowIso, type Db } from '../../db/database'

export interface Presence {
  /** A socket of the user's opened (counted: a user may have several). */
  online(userId: number): void
  /** One of their sockets closed. */
  offline(userId: number): void
  /** Writes now: who is online, and who went offline since the last write. */
  flush(): Promise<void>
  /** Writes one last time and stops. */
  close(): Promise<void>
}

const CHUNK = 500

/**
 * When each member was last seen online (`users.last_seen_at`), which decides whether their
 * unread messages are worth an email (see digests.ts). Every `everyMs` the time is written for
 * everyone with a socket open here, and for whoever closed their last one since: one UPDATE
 * per 500 people, whatever the sockets do in between. `everyMs` must stay well under the
 * digest delay, so that a message that came while someone was online is never emailed.
 */
export function createPresence(db: Db, log: Logger, { everyMs }: { everyMs: number }): Presence {
  const sockets = new Map<number, number>()
  const left = new Set<number>()
  /** people whose first socket just opened: written at once, not at the next tick */
  const arrived = new Set<number>()
  let arrivalWrite: NodeJS.Immediate | null = null
  let writing: Promise<void> = Promise.resolve()

  /** Writes "seen now" for `ids`, after what is being written already. */
  function write(ids: number[]): Promise<void> {
    if (ids.length === 0) return writing
    const at = nowIso()
    writing = writing.then(async () => {
      for (let i = 0; i < ids.length; i += CHUNK) {
        await db
          .updateTable('users')
          .set({ last_seen_at: at })
          .where('id', 'in', ids.slice(i, i + CHUNK))
          .execute()
          .catch((err: unknown) => log.warn({ err }, 'last seen times not recorded'))
      }
    })
    return writing
  }

  function flush(): Promise<void> {
    const ids = [...new Set([...sockets.keys(), ...left])]
    left.clear()
    arrived.clear()
    return write(ids)
  }

  function writeArrivals() {
    arrivalWrite = null
    const ids = [...arrived]
    arrived.clear()
    void write(ids)
  }

  const timer = setInterval(() => void flush(), everyMs)
  timer.unref()

  return {
    online(userId) {
      const n = (sockets.get(userId) ?? 0) + 1
      sockets.set(userId, n)
      // back after a while: their old time must not make what comes now look unseen
      if (n === 1) {
        arrived.add(userId)
        arrivalWrite ??= setImmediate(writeArrivals)
      }
    },
    offline(userId) {
      const n = (sockets.get(userId) ?? 1) - 1
      if (n > 0) sockets.set(userId, n)
      else sockets.delete(userId)
      left.add(userId)
    },
    flush,
    async close() {
      clearInterval(timer)
      if (arrivalWrite) clearImmediate(arrivalWrite)
      await flush()
    },
  }
}
