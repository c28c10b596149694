import type { Conversation, UnreadCount } from '../../../protocol/messages'
import { ApiError, messageOf } from '../../lib/api'
import * as http from './messages-api'
import { withThread, type MessagesState, type StateCell } from './messages-state'

function byActivity(a: Conversation, b: Conversation): number {
  const d = Date.parse(http.activityOf(b)) - Date.parse(http.activityOf(a))
  return d !== 0 ? d : Number(b.id) - Number(a.id)
}

/** The list with `c` put in (or replaced), newest activity first. */
export function upsertConversation(list: Conversation[], c: Conversation): Conversation[] {
  const rest = list.filter((x) => x.id !== c.id)
  return [...rest, c].sort(byActivity)
}

/** A conversation as fetched, corrected by what this tab knows it has read since. */
function withOwnReads(st: MessagesState, c: Conversation): Conversation {
  const read = st.reads[c.id]?.[st.me] ?? 0
  return c.unread_count > 0 && read >= c.last_seq ? { ...c, unread_count: 0 } : c
}

/** Read markers seeded from fetched conversations' `read_seqs`; a marker never moves back. */
function withReadSeqs(
  reads: MessagesState['reads'],
  conversations: Conversation[],
): MessagesState['reads'] {
  let next = reads
  for (const c of conversations) {
    const known = next[c.id] ?? {}
    let merged = known
    for (const [username, seq] of Object.entries(c.read_seqs)) {
      if (seq > (merged[username] ?? 0)) merged = { ...merged, [username]: seq }
    }
    if (merged !== known) next = { ...next, [c.id]: merged }
  }
  return next
}

/** The conversation list, page by page and as conversations change, and the unread total. */
export class Inbox {
  private fetching = new Set<string>()
  private unreadTimer: ReturnType<typeof setTimeout> | null = null

  constructor(private readonly cell: StateCell) {}

  stop() {
    if (this.unreadTimer) clearTimeout(this.unreadTimer)
  }

  async load() {
    try {
      const page = await http.listConversations()
      this.cell.set((st) => {
        // Keep conversations that arrived live and are not on the first page.
        const byId = new Map(st.inbox.conversations.map((c) => [c.id, c]))
        for (const c of page.items) byId.set(c.id, withOwnReads(st, c))
        const fresh = new Set(page.items.map((c) => c.id))
        const oldest = page.items[page.items.length - 1]
        const kept = [...byId.values()].filter(
          (c) =>
            fresh.has(c.id) ||
            (page.bookmark !== null && oldest !== undefined && byActivity(c, oldest) > 0),
        )
        return {
          ...st,
          reads: withReadSeqs(st.reads, page.items),
          inbox: {
            status: 'ready',
            error: null,
            conversations: kept.sort(byActivity),
            bookmark: page.bookmark,
            loadingMore: false,
          },
        }
      })
    } catch (err) {
      this.cell.set((st) => ({
        ...st,
        inbox:
          st.inbox.status === 'ready'
            ? st.inbox
            : { ...st.inbox, status: 'error', error: messageOf(err) },
      }))
    }
  }

  async loadMore() {
    const { bookmark, loadingMore } = this.cell.getState().inbox
    if (!bookmark || loadingMore) return
    this.cell.set((st) => ({ ...st, inbox: { ...st.inbox, loadingMore: true } }))
    try {
      const page = await http.listConversations(bookmark)
      this.cell.set((st) => {
        let list = st.inbox.conversations
        for (const c of page.items) if (!list.some((x) => x.id === c.id)) list = [...list, c]
        return {
          ...st,
          reads: withReadSeqs(st.reads, page.items),
          inbox: {
            ...st.inbox,
            conversations: list.sort(byActivity),
            bookmark: page.bookmark,
            loadingMore: false,
          },
        }
      })
    } catch {
      this.cell.set((st) => ({ ...st, inbox: { ...st.inbox, loadingMore: false } }))
    }
  }

  refreshUnread() {
    if (this.unreadTimer) clearTimeout(this.unreadTimer)
    this.unreadTimer = setTimeout(() => {
      this.unreadTimer = null
      http.unreadCount().then(
        (u: UnreadCount) => this.cell.set((st) => ({ ...st, unread: u.unread_count })),
        () => undefined,
      )
    }, 150)
  }

  conversation(id: string): Conversation | undefined {
    return this.cell.getState().inbox.conversations.find((c) => c.id === id)
  }

  /** Loads a conversation the inbox does not hold yet (a new one, or one deep in the list). */
  async ensure(id: string): Promise<void> {
    if (this.conversation(id) || this.fetching.has(id)) return
    this.fetching.add(id)
    try {
      const c = await http.getConversation(id)
      this.updated(c)
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        this.cell.set((st) => withThread(st, id, () => ({ status: 'error', notFound: true })))
      }
    } finally {
      this.fetching.delete(id)
    }
  }

  updated(c: Conversation) {
    this.cell.set((st) => ({
      ...st,
      reads: withReadSeqs(st.reads, [c]),
      inbox: {
        ...st.inbox,
        conversations: upsertConversation(st.inbox.conversations, withOwnReads(st, c)),
      },
    }))
  }

  removed(id: string) {
    this.cell.set((st) => {
      const threads = { ...st.threads }
      delete threads[id]
      return {
        ...st,
        threads,
        inbox: {
          ...st.inbox,
          conversations: st.inbox.conversations.filter((c) => c.id !== id),
        },
      }
    })
    this.refreshUnread()
  }
}
