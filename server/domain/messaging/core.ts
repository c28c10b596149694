import type { Logger } from 'pino'
import type { Conversation } from '../../../protocol/messages'
import { inTransaction, nowIso, type Db, type Tx } from '../../db/database'
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors'
import type { BusEvent, EventBus } from '../events'
import { isUniqueViolation } from '../boards/repository'
import type { GraphService } from '../graph/service'
import type { PinsService } from '../pins/service'
import type { PeopleIndex } from '../search/people'
import { mayMessage, mayMessageMany, refusalMessage } from './policy'
import {
  createMemoryRateLimiter,
  DEFAULT_MESSAGING_LIMITS,
  enforce,
  type MessagingLimits,
  type RateLimiter,
} from './rate-limiter'
import { checkClientId, createContentCheck, wireId, type Content, type SendInput } from './content'
import { createRenderer } from './render'
import { createMessagingRepository, isPostgres, type MessageRow } from './repository'

export interface MessagingDeps {
  db: Db
  bus: EventBus
  pins: Pick<PinsService, 'toPins'>
  graph: Pick<GraphService, 'toSummary'>
  publicUrl: string
  limiter?: RateLimiter
  /** people search (the typeahead's typo-tolerant half) */
  people?: PeopleIndex
  limits?: Partial<MessagingLimits>
  log?: Pick<Logger, 'warn'>
}

/** The caller, as messaging needs them. */
export interface Sender {
  id: number
  username: string
}

export const GROUP_CAP = 10
export const TITLE_MAX = 100

/** The "<lower id>:<higher id>" key that keeps a 1:1 unique. */
export const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`)

/** Shared machinery of the messaging service: repository, rendering, rules, events. */
export function createMessagingCore(deps: MessagingDeps) {
  const { db, bus } = deps
  const repo = createMessagingRepository(db)
  const render = createRenderer({ ...deps, repo })
  const checkContent = createContentCheck(db)
  const limiter = deps.limiter ?? createMemoryRateLimiter()
  const limits: MessagingLimits = { ...DEFAULT_MESSAGING_LIMITS, ...deps.limits }

  async function publish(event: BusEvent) {
    try {
      await bus.publish(event)
    } catch (err) {
      // The database is the truth: a lost hint is recovered by the receivers' gap backfill.
      deps.log?.warn({ err, event: event.type }, 'event bus publish failed')
    }
  }

  // Messages this process has just written, by id, for the live fan-out to deliver without
  // reading them back (messages are never changed once written). The newest few hundred.
  const justWritten = new Map<number, MessageRow>()
  const JUST_WRITTEN_MAX = 512
  function rememberWritten(row: MessageRow) {
    justWritten.set(Number(row.id), row)
    if (justWritten.size > JUST_WRITTEN_MAX) justWritten.delete(justWritten.keys().next().value!)
  }

  /** A message this process has just written, if it still remembers it. */
  const recentMessage = (messageId: number): MessageRow | undefined => justWritten.get(messageId)

  /** One message with its sender's username, whoever reads it. */
  async function messageById(messageId: number): Promise<MessageRow | undefined> {
    return justWritten.get(messageId) ?? repo.messageById(messageId)
  }

  /** Publishes once the transaction has committed, never on rollback. */
  const publishAfter = (tx: Tx, event: BusEvent) => tx.afterCommit(() => publish(event))

  /** The caller's membership of a conversation they are in now; anything else is 404. */
  async function requireMember(conn: Db, conversationId: number, userId: number) {
    const m = await repo.membership(conn, conversationId, userId)
    if (!m || m.left_seq !== null) throw new NotFoundError('Conversation')
    return m
  }

  /** Users by username (the viewer left out); an unknown one is 404. */
  async function resolveUsers(viewer: Sender, usernames: string[]) {
    const names = [...new Set(usernames)].filter((n) => n !== viewer.username)
    const users = await repo.usersByUsername(names)
    if (users.length !== names.length) throw new NotFoundError('User')
    return names
      .map((n) => users.find((u) => u.username === n)!)
      .map((u) => ({ ...u, id: Number(u.id) }))
  }

  /** 403 with the first refusal unless the sender may message every one of `users`. */
  async function requireAllowed(senderId: number, users: { id: number; username: string }[]) {
    const decisions = await mayMessageMany(
      db,
      senderId,
      users.map((u) => u.id),
    )
    for (const u of users) {
      const d = decisions.get(u.id)
      if (d && !d.ok) throw new ForbiddenError(refusalMessage(d.reason, u.username), d.reason)
    }
  }

  async function enforceMessageLimits(userId: number) {
    await enforce(limiter, `msg:${userId}`, [limits.messagesBurst, limits.messagesHourly])
  }

  async function enforceConversationLimit(userId: number) {
    const user = await repo.userById(userId)
    const young = user && Date.now() - Date.parse(user.created_at) < limits.newAccountAgeMs
    await enforce(limiter, `conv:${userId}`, [
      young ? limits.conversationsDailyNewAccount : limits.conversationsDaily,
    ])
  }

  /**
   * Appends a message inside the caller's transaction: takes the conversation row's lock and
   * the next gapless seq in one statement, checks the sender is a member (and, in a 1:1, still
   * allowed to message the other person), inserts, and publishes after commit.
   */
  async function appendMessage(
    tx: Tx,
    sender: Sender,
    conversationId: number,
    clientId: string,
    content: Content,
  ): Promise<MessageRow> {
    const { trx } = tx
    const now = nowIso()
    const allocated = await repo.allocateSeq(trx, conversationId, now)
    if (!allocated) throw new NotFoundError('Conversation')
    const { seq, isGroup } = allocated
    const members = (await repo.members(trx, conversationId, sender.id)).map((m) => ({
      id: Number(m.user_id),
      active: m.left_seq === null,
      hides: Number(m.hides) === 1 || m.hides === true,
    }))
    if (!members.some((m) => m.id === sender.id && m.active)) {
      throw new NotFoundError('Conversation')
    }
    const revived: number[] = []
    if (!isGroup) {
      const other = members.find((m) => m.id !== sender.id)
      if (other) {
        const d = await mayMessage(trx, sender.id, other.id)
        if (!d.ok) {
          const name = await repo.userById(other.id, trx)
          throw new ForbiddenError(refusalMessage(d.reason, name?.username ?? 'them'), d.reason)
        }
        if (!other.active) {
          // A 1:1 left is only hidden: a new message brings it back, from this message on.
          await repo.reviveLeft(trx, conversationId, sender.id, seq - 1)
          revived.push(other.id)
        }
      }
    }
    const row = await repo.insertMessage(trx, {
      conversation_id: conversationId,
      seq,
      sender_id: sender.id,
      client_message_id: clientId,
      text: content.text,
      attachment_type: content.attachment?.type ?? null,
      attachment_id: content.attachment?.id ?? null,
      created_at: now,
    })
    const memberIds = members
      .filter((m) => m.active)
      .map((m) => m.id)
      .concat(revived)
    const written = { ...row, sender_username: sender.username }
    tx.afterCommit(() => rememberWritten(written))
    if (revived.length > 0) {
      publishAfter(tx, {
        type: 'conversation.updated',
        conversation_id: conversationId,
        member_ids: revived,
      })
    }
    publishAfter(tx, {
      type: 'message.created',
      conversation_id: conversationId,
      seq,
      message_id: row.id,
      sender_id: sender.id,
      member_ids: memberIds,
      hidden_from: isGroup ? members.filter((m) => m.active && m.hides).map((m) => m.id) : [],
    })
    return written
  }

  /**
   * Runs `write` in one transaction; when it fails on a unique constraint, answers what
   * `recover` finds (the original of an idempotent retry), else retries once (a 1:1 created
   * by the other person at the same moment).
   */
  async function withUniqueRecovery<T>(
    write: (tx: Tx) => Promise<T>,
    recover: () => Promise<T | null>,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await inTransaction(db, write)
      } catch (err) {
        if (!isUniqueViolation(err)) throw err
        const found = await recover()
        if (found !== null) return found
        if (attempt >= 1) throw err
      }
    }
  }

  /** The caller's 1:1 with `otherId`, created or joined again as needed, inside `tx`. */
  async function openPair(tx: Tx, viewerId: number, otherId: number) {
    const { trx } = tx
    const now = nowIso()
    const existing = await repo.conversationByPairKey(trx, pairKey(viewerId, otherId))
    if (existing) {
      const id = Number(existing.id)
      const m = await repo.membership(trx, id, viewerId)
      if (m && m.left_seq === null) return { id, created: false }
      const locked = await repo.lockConversation(trx, id)
      await repo.join(trx, id, [viewerId], Number(locked?.last_seq ?? 0), now)
      publishAfter(tx, {
        type: 'conversation.updated',
        conversation_id: id,
        member_ids: [viewerId],
      })
      return { id, created: false }
    }
    const id = await repo.insertConversation(
      trx,
      { is_group: 0, title: null, pair_key: pairKey(viewerId, otherId), by: viewerId },
      now,
    )
    await repo.join(trx, id, [viewerId, otherId], 0, now)
    publishAfter(tx, {
      type: 'conversation.updated',
      conversation_id: id,
      member_ids: [viewerId, otherId],
    })
    return { id, created: true }
  }

  async function createGroup(tx: Tx, viewerId: number, memberIds: number[], title: string | null) {
    const now = nowIso()
    const id = await repo.insertConversation(
      tx.trx,
      { is_group: 1, title, pair_key: null, by: viewerId },
      now,
    )
    const all = [viewerId, ...memberIds]
    await repo.join(tx.trx, id, all, 0, now)
    publishAfter(tx, { type: 'conversation.updated', conversation_id: id, member_ids: all })
    return id
  }

  /** One conversation as the viewer sees it, or null when they are not in it. */
  async function conversationFor(
    viewerId: number,
    conversationId: number,
  ): Promise<Conversation | null> {
    const rows = await repo.inbox(viewerId, { only: conversationId })
    if (rows.length === 0) return null
    return (await render.renderConversations(viewerId, rows))[0] ?? null
  }

  async function replayOf(viewerId: number, original: MessageRow, conversationId: number | null) {
    if (conversationId !== null && Number(original.conversation_id) !== conversationId) {
      await requireMember(db, conversationId, viewerId)
      throw new ConflictError(
        'This client_message_id was already used for a message in another conversation.',
        'client_message_id_reused',
      )
    }
    const [message] = await render.renderMessages(viewerId, [original])
    return { message: message!, created: false as const }
  }

  return {
    db,
    repo,
    render,
    limits,
    publish,
    publishAfter,
    messageById,
    recentMessage,
    requireMember,
    resolveUsers,
    requireAllowed,
    enforceMessageLimits,
    enforceConversationLimit,
    checkContent,
    appendMessage,
    withUniqueRecovery,
    openPair,
    createGroup,
    conversationFor,
    replayOf,
    isPostgres: () => isPostgres(db),
    people: deps.people,
  }
}

export type MessagingCore = ReturnType<typeof createMessagingCore>

export { checkClientId, wireId, type Content, type SendInput }
