import type { Page } from '../../../protocol/api'
import type { Conversation, UnreadCount } from '../../../protocol/messages'
import { nowIso } from '../../db/database'
import { BadRequestError, ConflictError, NotFoundError } from '../../errors'
import { joinConversationBoards, leaveConversationBoards } from '../boards/collaborators'
import { decodeBookmark, DEFAULT_PAGE_SIZE, pageOf } from '../pagination'
import type { Unit, Units } from '../unit'
import type { AbuseLimits } from './abuse-limits'
import { requireAllowed, requireMember, resolveUsers, type Sender } from './access'
import { wireId } from './content'
import type { MessageRepository } from './message-repository'
import { createGroup, GROUP_CAP, openPair, pairKey, TITLE_MAX } from './openings'
import type { Renderer } from './render'
import type { ConversationRepository } from './repository'
import { withUniqueRecovery } from './send'

export interface PageParams {
  bookmark?: string
  page_size?: number
}

export interface ConversationsDeps {
  units: Units
  repo: ConversationRepository
  unread: Pick<MessageRepository, 'unreadCounts'>
  render: Pick<Renderer, 'renderConversations'>
  limits: Pick<AbuseLimits, 'conversations'>
}

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

const groupFull = () =>
  new ConflictError(`A conversation has at most ${GROUP_CAP} people.`, 'group_full')

/** Conversations: create, inbox, read state, rename, mute, add people, leave, typing. */
export function createConversations(deps: ConversationsDeps) {
  const { units, repo, render } = deps
  const db = units.db

  /** One conversation as the viewer sees it, or null when they are not in it now. */
  async function conversationFor(
    viewerId: number,
    conversationId: number,
  ): Promise<Conversation | null> {
    const rows = await repo.inbox(viewerId, { only: conversationId })
    if (rows.length === 0) return null
    return (await render.renderConversations(viewerId, rows))[0] ?? null
  }

  async function view(viewerId: number, conversationId: number): Promise<Conversation> {
    const conversation = await conversationFor(viewerId, conversationId)
    if (!conversation) throw new NotFoundError('Conversation')
    return conversation
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
    if (others.length + 1 > GROUP_CAP) throw groupFull()
    const groupTitle = checkTitle(title)
    const users = await resolveUsers(repo, viewer, others)
    await requireAllowed(db, viewer.id, users)
    if (users.length === 1) {
      const other = users[0]!
      const exists = await repo.conversationByPairKey(db, pairKey(viewer.id, other.id))
      if (!exists) await deps.limits.conversations(viewer.id)
      const opened = await withUniqueRecovery(
        units,
        (unit) => openPair(unit, repo, viewer.id, other.id),
        async () => null,
      )
      return { conversation: await view(viewer.id, opened.id), created: opened.created }
    }
    await deps.limits.conversations(viewer.id)
    const memberIds = users.map((u) => u.id)
    const id = await units.run((unit) => createGroup(unit, repo, viewer.id, memberIds, groupTitle))
    return { conversation: await view(viewer.id, id), created: true }
  }

  async function inbox(viewerId: number, params: PageParams): Promise<Page<Conversation>> {
    const size = params.page_size ?? DEFAULT_PAGE_SIZE
    const after = decodeBookmark(params.bookmark, { at: 'time', id: 'id' })
    const rows = await repo.inbox(viewerId, { after, limit: size + 1 })
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
    const counts = await deps.unread.unreadCounts(viewerId, null, true)
    return {
      unread_count: counts.reduce((sum, c) => sum + Number(c.n), 0),
      conversations_with_unread: counts.filter((c) => Number(c.n) > 0).length,
    }
  }

  /** Moves the viewer's read marker forward (never back), and tells the other members. */
  function markRead(viewer: Sender, conversationId: string, seq: number) {
    const id = wireId(conversationId, 'Conversation')
    return units.run(async (unit) => {
      const m = await requireMember(repo, unit.trx, id, viewer.id)
      const target = Math.min(Math.max(0, Math.floor(seq)), Number(m.last_seq))
      if (await repo.markRead(unit.trx, id, viewer.id, target)) {
        unit.publish({
          type: 'conversation.read',
          conversation_id: id,
          user_id: viewer.id,
          username: viewer.username,
          seq: target,
          member_ids: await repo.activeMemberIds(unit.trx, id),
        })
      }
      return {
        conversation_id: String(id),
        last_read_seq: Math.max(Number(m.last_read_seq), target),
      }
    })
  }

  /** PATCH: a group's title (any member), the viewer's own mute. */
  async function update(
    viewerId: number,
    conversationId: string,
    patch: { title?: string | null; muted?: boolean },
  ): Promise<Conversation> {
    const id = wireId(conversationId, 'Conversation')
    await units.run(async (unit) => {
      const m = await requireMember(repo, unit.trx, id, viewerId)
      if (patch.title !== undefined) {
        requireGroup(m.is_group)
        await repo.setTitle(unit.trx, id, checkTitle(patch.title))
        const memberIds = await repo.activeMemberIds(unit.trx, id)
        unit.publish({ type: 'conversation.updated', conversation_id: id, member_ids: memberIds })
      }
      if (patch.muted !== undefined) {
        await repo.setMuted(unit.trx, id, viewerId, patch.muted)
        unit.publish({ type: 'conversation.updated', conversation_id: id, member_ids: [viewerId] })
      }
    })
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
    const m = await requireMember(repo, db, id, viewer.id)
    requireGroup(m.is_group)
    const users = await resolveUsers(repo, viewer, usernames)
    if (users.length === 0) throw new BadRequestError('usernames must name someone to add.')
    await requireAllowed(db, viewer.id, users)
    await units.run(async (unit) => {
      const locked = await repo.lockConversation(unit.trx, id)
      if (!locked) throw new NotFoundError('Conversation')
      const active = await repo.activeMemberIds(unit.trx, id)
      if (!active.includes(viewer.id)) throw new NotFoundError('Conversation')
      const added = users.map((u) => u.id).filter((uid) => !active.includes(uid))
      if (active.length + added.length > GROUP_CAP) throw groupFull()
      await repo.join(unit.trx, id, added, Number(locked.last_seq), nowIso())
      // collaborators of the group boards made from this conversation from now on
      await joinConversationBoards(unit, id, added, viewer.id)
      unit.publish({
        type: 'conversation.updated',
        conversation_id: id,
        member_ids: [...active, ...added],
      })
    })
    return view(viewer.id, id)
  }

  /**
   * Leaves: the viewer stops receiving at once; the others are told, and so is the viewer.
   * `within`: the caller's unit (an account being deleted leaves all its conversations).
   */
  async function leave(viewerId: number, conversationId: string, within?: Unit): Promise<void> {
    const id = wireId(conversationId, 'Conversation')
    await units.run(async (unit) => {
      const locked = await repo.lockConversation(unit.trx, id)
      if (!locked) throw new NotFoundError('Conversation')
      await requireMember(repo, unit.trx, id, viewerId)
      const active = await repo.activeMemberIds(unit.trx, id)
      await repo.leave(unit.trx, id, viewerId, Number(locked.last_seq))
      // no longer a collaborator of the group boards made from it (their own boards stay)
      await leaveConversationBoards(unit, id, viewerId)
      unit.publish({ type: 'conversation.updated', conversation_id: id, member_ids: active })
    }, within)
  }

  /** Tells the other members the viewer is typing (the gateway throttles). */
  async function typing(viewer: Sender, conversationId: number): Promise<void> {
    await requireMember(repo, db, conversationId, viewer.id)
    const event = {
      type: 'typing' as const,
      conversation_id: conversationId,
      user_id: viewer.id,
      username: viewer.username,
      member_ids: await repo.activeMemberIds(db, conversationId),
    }
    // it writes nothing: no transaction, and a lost typing hint is no failed action
    await units.announce(event)
  }

  return {
    conversationFor,
    getConversation: (viewerId: number, conversationId: string) =>
      view(viewerId, wireId(conversationId, 'Conversation')),
    createConversation,
    inbox,
    unreadTotal,
    markRead,
    update,
    addParticipants,
    leave,
    typing,
  }
}

export type Conversations = ReturnType<typeof createConversations>
