import type { Page, Pin } from '../../../protocol/api'
import type { Message } from '../../../protocol/messages'
import type { Db } from '../../db/database'
import { decodeBookmark, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageOf } from '../pagination'
import { selectPinViews } from '../pins/repository'
import type { AnalyticsSink } from '../analytics/recorder'
import type { PinsService } from '../pins/service'
import { requireMember } from './access'
import { wireId } from './content'
import type { MessageRepository, MessageRow } from './message-repository'
import type { Renderer } from './render'
import type { ConversationRepository } from './repository'

export interface PageParams {
  bookmark?: string
  page_size?: number
}

export interface MessagesDeps {
  db: Db
  repo: Pick<
    MessageRepository,
    'pageDesc' | 'pageAsc' | 'visibleMessage' | 'sharedPinIds' | 'unreadAway'
  >
  conversations: Pick<ConversationRepository, 'membership'>
  render: Pick<Renderer, 'renderMessages'>
  pins: Pick<PinsService, 'toPins'>
  /** pins shown on the messages and pins pages are impressions */
  analytics: Pick<AnalyticsSink, 'impressions'>
}

/** an unread digest says "500 or more" past this */
export const DIGEST_COUNT_MAX = 500

const clampLimit = (n: number) => Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(n)))

/** Reading messages as a member sees them. (Sending: send.ts; reports: domain/moderation.) */
export function createMessages(deps: MessagesDeps) {
  const { db, repo, render } = deps

  /**
   * Pages, newest first, of a conversation the viewer is in now: `read` fetches up to `limit`
   * rows below `beforeSeq` (the bookmark's), each row positioned by `seqOf`.
   */
  const memberPages =
    <R, T>(
      read: (viewerId: number, id: number, beforeSeq: number | null, limit: number) => Promise<R[]>,
      item: (row: R) => T,
      seqOf: (row: R) => number,
    ) =>
    async (viewerId: number, conversationId: string, params: PageParams) => {
      const before = decodeBookmark(params.bookmark, { seq: 'id' })
      const id = wireId(conversationId, 'Conversation')
      await requireMember(deps.conversations, db, id, viewerId)
      const size = params.page_size ?? DEFAULT_PAGE_SIZE
      const rows = await read(viewerId, id, before ? before.seq : null, size + 1)
      return pageOf(rows, size, item, (r) => ({ seq: seqOf(r) }))
    }
  const messagePage = memberPages(
    repo.pageDesc,
    (r) => r,
    (r) => Number(r.seq),
  )
  const sharedPinPage = memberPages(
    repo.sharedPinIds,
    (r) => Number(r.id),
    (r) => Number(r.shared_seq),
  )

  /** A page of the conversation's messages the viewer sees, newest first. */
  async function listMessages(viewerId: number, conversationId: string, params: PageParams) {
    const page = await messagePage(viewerId, conversationId, params)
    const items = await render.renderMessages(viewerId, page.items, (pins) =>
      deps.analytics.impressions(viewerId, pins),
    )
    return { items, bookmark: page.bookmark } satisfies Page<Message>
  }

  /**
   * Messages of one conversation after `afterSeq`, oldest first, as `viewerId` sees them (the
   * gateway's replay and gap backfill). Empty for someone who was never a member.
   */
  function messagesAfter(
    viewerId: number,
    conversationId: number,
    afterSeq: number,
    limit = 500,
  ): Promise<MessageRow[]> {
    return repo.pageAsc(viewerId, conversationId, afterSeq, clampLimit(limit))
  }

  /** Every pin shared in the conversation that the viewer may see, latest share first. */
  async function conversationPins(viewerId: number, conversationId: string, params: PageParams) {
    const page = await sharedPinPage(viewerId, conversationId, params)
    if (page.items.length === 0) return { items: [], bookmark: page.bookmark }
    const rows = await selectPinViews(db, viewerId)
      .where('p.id', 'in', page.items)
      .where('users.suspended_at', 'is', null)
      .execute()
    const byId = new Map(rows.map((r) => [Number(r.id), r]))
    const ordered = page.items.map((pid) => byId.get(pid)).filter((r) => r !== undefined)
    deps.analytics.impressions(
      viewerId,
      ordered.map((r) => ({ id: Number(r.id), ownerId: Number(r.owner_id) })),
    )
    const items = await deps.pins.toPins(ordered, viewerId)
    return { items, bookmark: page.bookmark } satisfies Page<Pin>
  }

  /**
   * The messages an unread digest shows the reader (see notifications/digests.ts): from others,
   * in (afterSeq, upToSeq], sent after `since`, oldest first, at most `limit`; and how many in all
   * (counted up to DIGEST_COUNT_MAX).
   */
  async function unreadWhileAway(
    q: Parameters<MessageRepository['unreadAway']>[0] & { limit: number },
  ): Promise<{ messages: Message[]; total: number }> {
    const rows = (await repo.unreadAway(q).limit(DIGEST_COUNT_MAX).execute()) as MessageRow[]
    return {
      messages: await render.renderMessages(q.viewerId, rows.slice(0, q.limit)),
      total: rows.length,
    }
  }

  return { listMessages, messagesAfter, conversationPins, unreadWhileAway }
}

export type Messages = ReturnType<typeof createMessages>
