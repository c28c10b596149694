import * as http from './messages-api'
import type { StateCell } from './messages-state'
import type { Inbox } from './inbox-state'

/** Read markers: who has read how far in each conversation, and marking one's own reads. */
export class ReadMarkers {
  /** the seq each conversation was last marked read up to by this tab */
  private marked = new Map<string, number>()

  constructor(
    private readonly cell: StateCell,
    private readonly inbox: Pick<Inbox, 'conversation' | 'updated' | 'refreshUnread'>,
  ) {}

  /** A `conversation.read` event: someone (perhaps me, in another tab) read up to `seq`. */
  read(conversationId: string, username: string, seq: number) {
    this.cell.set((st) => {
      const prev = st.reads[conversationId]?.[username] ?? 0
      if (seq <= prev && username !== st.me) return st
      const reads = {
        ...st.reads,
        [conversationId]: { ...st.reads[conversationId], [username]: Math.max(prev, seq) },
      }
      let conversations = st.inbox.conversations
      if (username === st.me) {
        conversations = conversations.map((c) =>
          c.id === conversationId && seq >= c.last_seq ? { ...c, unread_count: 0 } : c,
        )
      }
      return { ...st, reads, inbox: { ...st.inbox, conversations } }
    })
    if (username === this.cell.getState().me) {
      this.inbox.refreshUnread()
      const c = this.inbox.conversation(conversationId)
      if (c && seq < c.last_seq) {
        http.getConversation(conversationId).then(
          (fresh) => this.inbox.updated(fresh),
          () => undefined,
        )
      }
    }
  }

  /** Marks a conversation read up to `seq` (once per seq). */
  markRead(conversationId: string, seq: number) {
    if ((this.marked.get(conversationId) ?? 0) >= seq) return
    this.marked.set(conversationId, seq)
    this.cell.set((st) => ({
      ...st,
      reads: {
        ...st.reads,
        [conversationId]: {
          ...st.reads[conversationId],
          [st.me]: Math.max(st.reads[conversationId]?.[st.me] ?? 0, seq),
        },
      },
    }))
    const c = this.inbox.conversation(conversationId)
    if (c && c.unread_count > 0 && seq >= c.last_seq) {
      this.cell.set((st) => ({
        ...st,
        unread: c.muted ? st.unread : Math.max(0, st.unread - c.unread_count),
        inbox: {
          ...st.inbox,
          conversations: st.inbox.conversations.map((x) =>
            x.id === conversationId ? { ...x, unread_count: 0 } : x,
          ),
        },
      }))
    }
    http.markRead(conversationId, seq).then(
      () => this.inbox.refreshUnread(),
      () => this.marked.set(conversationId, 0),
    )
  }
}
