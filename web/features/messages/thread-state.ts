import type { Message } from '../../../protocol/messages'
import { ApiError, messageOf } from '../../lib/api'
import * as http from './messages-api'
import { EMPTY_THREAD, withThread, type StateCell, type Thread } from './messages-state'

/** Merges messages by id, oldest first (a later copy of the same id wins). */
export function mergeMessages(current: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return current
  const byId = new Map(current.map((m) => [m.id, m]))
  let appendOnly = true
  let lastSeq = current.length ? current[current.length - 1]!.seq : -Infinity
  for (const m of incoming) {
    if (byId.has(m.id) || m.seq <= lastSeq) appendOnly = false
    byId.set(m.id, m)
    lastSeq = Math.max(lastSeq, m.seq)
  }
  if (appendOnly) return [...current, ...[...incoming].sort((a, b) => a.seq - b.seq)]
  return [...byId.values()].sort((a, b) => a.seq - b.seq)
}

/** The open conversations' message timelines: the newest page, then older pages on demand. */
export class Threads {
  constructor(
    private readonly cell: StateCell,
    /** loads the conversation itself when the inbox does not hold it */
    private readonly ensureConversation: (id: string) => Promise<void>,
  ) {}

  thread(id: string): Thread {
    return this.cell.getState().threads[id] ?? EMPTY_THREAD
  }

  /** Loads a thread's newest page (once; again after a resync). */
  open(id: string) {
    const t = this.cell.getState().threads[id]
    if (t && t.status !== 'error') return
    void this.fetchNewest(id)
    void this.ensureConversation(id)
  }

  /** Every open thread's newest page again (after a resync). */
  refetchOpen() {
    for (const id of Object.keys(this.cell.getState().threads)) void this.fetchNewest(id)
  }

  private async fetchNewest(id: string) {
    this.cell.set((st) =>
      withThread(st, id, (t) => ({
        status: t.status === 'ready' ? 'ready' : 'loading',
        error: null,
      })),
    )
    try {
      const page = await http.listMessages(id)
      this.cell.set((st) =>
        withThread(st, id, (t) => {
          const wasReady = t.status === 'ready' && t.messages.length > 0
          const newestSeq = page.items[0]?.seq ?? 0
          // On a refetch, keep older pages already loaded only when they join up with this one:
          // they overlap, or this page reaches the start. (Seqs have gaps — reactions, edits and
          // unsends take positions too — so touching seqs do not prove nothing is between.)
          const oldestFetched = page.items[page.items.length - 1]?.seq ?? 0
          const joins =
            wasReady &&
            (t.messages[t.messages.length - 1]!.seq >= oldestFetched || page.bookmark === null)
          const messages = joins
            ? mergeMessages(t.messages, page.items)
            : mergeMessages([], page.items)
          const live = t.messages.filter((m) => m.seq > newestSeq)
          return {
            messages: mergeMessages(messages, live),
            bookmark: joins ? t.bookmark : page.bookmark,
            status: 'ready',
            error: null,
            notFound: false,
          }
        }),
      )
    } catch (err) {
      this.cell.set((st) =>
        withThread(st, id, () => ({
          status: 'error',
          error: messageOf(err),
          notFound: err instanceof ApiError && err.status === 404,
        })),
      )
    }
  }

  /**
   * Brings a message into view (a reply's quote pressed): loads older pages until the thread
   * holds it or starts after it; false when it cannot be found (not visible to the reader).
   */
  async jumpTo(id: string, messageId: string, seq: number): Promise<boolean> {
    const holds = () => this.thread(id).messages.some((m) => m.id === messageId)
    for (let pages = 0; !holds() && pages < 200; pages++) {
      const t = this.thread(id)
      const oldest = t.messages[0]?.seq ?? Infinity
      if (t.status !== 'ready' || !t.bookmark || oldest < seq) break
      if (t.loadingOlder) await new Promise((r) => setTimeout(r, 50))
      else await this.loadOlder(id)
      if (this.thread(id).olderError) break
    }
    if (!holds()) return false
    this.cell.set((st) =>
      withThread(st, id, (t) => ({ jump: { id: messageId, n: (t.jump?.n ?? 0) + 1 } })),
    )
    return true
  }

  async loadOlder(id: string) {
    const t = this.cell.getState().threads[id]
    if (!t || t.status !== 'ready' || !t.bookmark || t.loadingOlder) return
    const bookmark = t.bookmark
    const patch = (p: Partial<Thread>) => this.cell.set((st) => withThread(st, id, () => p))
    patch({ loadingOlder: true, olderError: null })
    try {
      const page = await http.listMessages(id, bookmark)
      const cur = this.thread(id)
      patch({
        messages: mergeMessages(cur.messages, page.items),
        bookmark: page.bookmark,
        loadingOlder: false,
      })
    } catch (err) {
      patch({ loadingOlder: false, olderError: messageOf(err) })
    }
  }
}
