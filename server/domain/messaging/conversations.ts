import type { Page, UserSummary } from '../../../protocol/api'
import type { Conversation, UnreadCount } from '../../../protocol/messages'
import { inTransaction, nowIso } from '../../db/database'
import { BadRequestError, ConflictError, NotFoundError } from '../../errors'
import type { GraphService } from '../graph/service'
import { decodeBookmark, DEFAULT_PAGE_SIZE, pageOf } from '../pagination'
import { nameDistance } from '../search/people'
import { GROUP_CAP, pairKey, TITLE_MAX, wireId, type MessagingCore, type Sender } from './core'
import { mayMessageMany } from './policy'

export interface PageParams {
  bookmark?: string
  page_size?: number
}

const TYPEAHEAD_CANDIDATES = 100

function checkTitle(title: string | null | undefined): string | null {
  const t = title?.trim() || null
  if (t !== null && t.length > TITLE_MAX) {
    throw new BadRequestError(`title must be at most ${TITLE_MAX} characters.`)
  }
  return t
}

function requireGroup(isGroup: number) {
  if (Number(isGroup) !== 1) {
    throw new BadRequestError('Only a group conversation can do that.', 'not_a_group')
  }
}

/** Conversations: create, inbox, read state, rename, mute, add people, leave, typeahead. */
export function createConversationOps(core: MessagingCore, graph: Pick<GraphService, 'toSummary'>) {
  const { db, repo, render } = core

  async function view(viewerId: number, conversationId: number): Promise<Conversation> {
    const conversation = await core.conversationFor(viewerId, conversationId)
    if (!conversation) throw new NotFoundError('Conversation')
    return conversation
  }

  async function activeMemberIds(conversationId: number): Promise<number[]> {
    const members = await repo.members(db, conversationId, 0)
    return members.filter((m) => m.left_seq === null).map((m) => Number(m.user_id))
  }

  /**
   * A 1:1 (unique per pair: asking again answers the existing one, joined again if the viewer
   * had left it) or a group of 3 to 10 people. The viewer must be allowed to message each.
   */
  async function createConversation(
    viewer: Sender,
    usernames: string[],
    title?: string | null,
  ): Promise<{ conversation: Conversation; created: boolean }> {
    const others = [...new Set(usernames)].filter((n) => n !== viewer.username)
    if (others.length === 0) {
      throw new BadRequestError('participants must name someone other than you.')
    }
    if (others.length + 1 > GROUP_CAP) {
      throw new ConflictError(`A conversation has at most ${GROUP_CAP} people.`, 'group_full')
    }
    const groupTitle = checkTitle(title)
    const users = await core.resolveUsers(viewer, others)
    await core.requireAllowed(viewer.id, users)
    if (users.length === 1) {
      const other = users[0]!
      const exists = await repo.conversationByPairKey(db, pairKey(viewer.id, other.id))
      if (!exists) await core.enforceConversationLimit(viewer.id)
      const opened = await core.withUniqueRecovery(
        (tx) => core.openPair(tx, viewer.id, other.id),
        async () => null,
      )
      return { conversation: await view(viewer.id, opened.id), created: opened.created }
    }
    await core.enforceConversationLimit(viewer.id)
    const id = await inTransaction(db, (tx) =>
      core.createGroup(
        tx,
        viewer.id,
        users.map((u) => u.id),
        groupTitle,
      ),
    )
    return { conversation: await view(viewer.id, id), created: true }
  }

  async function inbox(viewerId: number, params: PageParams): Promise<Page<Conversation>> {
    const size = params.page_size ?? DEFAULT_PAGE_SIZE
    const after = decodeBookmark(params.bookmark, { at: 'time', id: 'id' })
    const rows = await repo.inbox(viewerId, {
      after,
      limit: size + 1,
    })
    const page = pageOf(
      rows,
      size,
      (r) => r,
      (r) => ({ at: r.last_message_at ?? r.created_at, id: Number(r.id) }),
    )
    return {
      items: await render.renderConversations(viewerId, page.items),
      bookmark: page.bookmark,
    }
  }

  async function unreadTotal(viewerId: number): Promise<UnreadCount> {
    const counts = await repo.unreadCounts(viewerId, null, true)
    return {
      unread_count: counts.reduce((sum, c) => sum + Number(c.n), 0),
      conversations_with_unread: counts.filter((c) => Number(c.n) > 0).length,
    }
  }

  /** Moves the viewer's read marker forward (never back), and tells the other members. */
  async function markRead(viewer: Sender, conversationId: string, seq: number) {
    const id = wireId(conversationId, 'Conversation')
    const m = await core.requireMember(db, id, viewer.id)
    const target = Math.min(Math.max(0, Math.floor(seq)), Number(m.last_seq))
    if (await repo.markRead(id, viewer.id, target)) {
      await core.publish({
        type: 'conversation.read',
        conversation_id: id,
        user_id: viewer.id,
        username: viewer.username,
        seq: target,
        member_ids: await activeMemberIds(id),
      })
    }
    return {
      conversation_id: String(id),
      last_read_seq: Math.max(Number(m.last_read_seq), target),
    }
  }

  /** PATCH: a group's title (any member), the viewer's own mute. */
  async function update(
    viewerId: number,
    conversationId: string,
    patch: { title?: string | null; muted?: boolean },
  ): Promise<Conversation> {
    const id = wireId(conversationId, 'Conversation')
    const m = await core.requireMember(db, id, viewerId)
    if (patch.title !== undefined) {
      requireGroup(m.is_group)
      await repo.setTitle(id, checkTitle(patch.title))
      await core.publish({
        type: 'conversation.updated',
        conversation_id: id,
        member_ids: await activeMemberIds(id),
      })
    }
    if (patch.muted !== undefined) {
      await repo.setMuted(id, viewerId, patch.muted)
      await core.publish({
        type: 'conversation.updated',
        conversation_id: id,
        member_ids: [viewerId],
      })
    }
    return view(viewerId, id)
  }

  /**
   * Adds people to a group, each of whom the adder may message. New members see the
   * conversation from now on, not its history.
   */
  async function addParticipants(
    viewer: Sender,
    conversationId: string,
    usernames: string[],
  ): Promise<Conversation> {
    const id = wireId(conversationId, 'Conversation')
    const m = await core.requireMember(db, id, viewer.id)
    requireGroup(m.is_group)
    const users = await core.resolveUsers(viewer, usernames)
    if (users.length === 0) throw new BadRequestError('usernames must name someone to add.')
    await core.requireAllowed(viewer.id, users)
    await inTransaction(db, async (tx) => {
      const locked = await repo.lockConversation(tx.trx, id)
      if (!locked) throw new NotFoundError('Conversation')
      const active = (await repo.members(tx.trx, id, viewer.id))
        .filter((x) => x.left_seq === null)
        .map((x) => Number(x.user_id))
      if (!active.includes(viewer.id)) throw new NotFoundError('Conversation')
      const added = users.map((u) => u.id).filter((uid) => !active.includes(uid))
      if (active.length + added.length > GROUP_CAP) {
        throw new ConflictError(`A conversation has at most ${GROUP_CAP} people.`, 'group_full')
      }
      await repo.join(tx.trx, id, added, Number(locked.last_seq), nowIso())
      core.publishAfter(tx, {
        type: 'conversation.updated',
        conversation_id: id,
        member_ids: [...active, ...added],
      })
    })
    return view(viewer.id, id)
  }

  /** Leaves: the viewer stops receiving at once; the others are told, and so is the viewer. */
  async function leave(viewerId: number, conversationId: string): Promise<void> {
    const id = wireId(conversationId, 'Conversation')
    await inTransaction(db, async (tx) => {
      const locked = await repo.lockConversation(tx.trx, id)
      if (!locked) throw new NotFoundError('Conversation')
      await core.requireMember(tx.trx, id, viewerId)
      const active = (await repo.members(tx.trx, id, viewerId))
        .filter((x) => x.left_seq === null)
        .map((x) => Number(x.user_id))
      await repo.leave(tx.trx, id, viewerId, Number(locked.last_seq))
      core.publishAfter(tx, {
        type: 'conversation.updated',
        conversation_id: id,
        member_ids: active,
      })
    })
  }

  /** Tells the other members the viewer is typing (the gateway throttles). */
  async function typing(viewer: Sender, conversationId: number): Promise<void> {
    await core.requireMember(db, conversationId, viewer.id)
    await core.publish({
      type: 'typing',
      conversation_id: conversationId,
      user_id: viewer.id,
      username: viewer.username,
      member_ids: await activeMemberIds(conversationId),
    })
  }

  /**
   * People the viewer may message by username or business name: those whose name starts with
   * `query`, and (people search's index) those it is a typo away from; closest first.
   */
  async function typeahead(
    viewerId: number,
    query: string,
    limit = 10,
  ): Promise<Page<UserSummary>> {
    const text = query.trim().toLowerCase()
    const [byPrefix, similar] = await Promise.all([
      repo.connectionsByPrefix(viewerId, text, TYPEAHEAD_CANDIDATES),
      text.length >= 3 && core.people ? core.people.like(text, TYPEAHEAD_CANDIDATES) : [],
    ])
    const known = new Set(byPrefix.map((c) => Number(c.id)))
    const more = similar.filter((id) => !known.has(id) && id !== viewerId)
    const candidates = byPrefix.concat(
      more.length === 0 ? [] : await repo.connectionsAmong(viewerId, more),
    )
    const decisions = await mayMessageMany(
      db,
      viewerId,
      candidates.map((c) => Number(c.id)),
    )
    const items = candidates
      .filter((c) => decisions.get(Number(c.id))?.ok)
      .map((c) => ({ c, d: nameDistance(text, c.username, c.business_name) }))
      .sort((a, b) => a.d - b.d || (a.c.username < b.c.username ? -1 : 1))
      .slice(0, limit)
      .map(({ c }) => graph.toSummary(c, viewerId))
    return { items, bookmark: null }
  }

  return {
    createConversation,
    getConversation: (viewerId: number, conversationId: string) =>
      view(viewerId, wireId(conversationId, 'Conversation')),
    inbox,
    unreadTotal,
    markRead,
    update,
    addParticipants,
    leave,
    typing,
    typeahead,
  }
}
