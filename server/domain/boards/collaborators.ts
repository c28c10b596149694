import type { Board, Page, UserSummary } from '../../../protocol/api'
import { nowIso, type Db } from '../../db/database'
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../../errors'
import { notBlockedWith } from '../graph/blocks'
import type { GraphService } from '../graph/service'
import { userSummaryColumns } from '../graph/user-summary'
import { mayMessageMany, refusalMessage } from '../messaging/policy'
import { decodeBookmark, DEFAULT_PAGE_SIZE, pageOf } from '../pagination'
import type { Unit, Units } from '../unit'
import { getOwnBoard, getVisibleBoard, type BoardRow } from './access'
import { boardIdOf, type PageRequest } from './input'
import { createBoardsRepository } from './repository'

/** People besides its owner a board has at most. */
export const COLLABORATORS_MAX = 50

/** The owner and collaborators of these boards: whose `Reader.groupBoards` a change touches. */
async function peopleOfBoards(conn: Db, boardIds: number[]): Promise<number[]> {
  if (boardIds.length === 0) return []
  const rows = await conn
    .selectFrom('boards')
    .select('owner_id as id')
    .where('id', 'in', boardIds)
    .union(
      conn
        .selectFrom('board_collaborators')
        .select('user_id as id')
        .where('board_id', 'in', boardIds),
    )
    .execute()
  return rows.map((r) => Number(r.id))
}

/** Adds collaborators (those already there left out; never pass the owner), in `unit`. */
export async function addCollaborators(
  unit: Unit,
  boardId: number,
  userIds: number[],
  addedBy: number,
): Promise<void> {
  if (userIds.length === 0) return
  const now = nowIso()
  await unit.trx
    .insertInto('board_collaborators')
    .values(
      userIds.map((id) => ({ board_id: boardId, user_id: id, added_by: addedBy, created_at: now })),
    )
    .onConflict((oc) => oc.columns(['board_id', 'user_id']).doNothing())
    .execute()
  unit.changed('readers', await peopleOfBoards(unit.trx, [boardId]))
}

/** The boards made from a conversation, with their owners. */
function boardsOfConversation(conn: Db, conversationId: number) {
  return conn
    .selectFrom('boards')
    .select(['id', 'owner_id'])
    .where('conversation_id', '=', conversationId)
    .execute()
}

/**
 * Group boards follow their conversation: members who join become collaborators of every board
 * made from it (but the one they own), in the join's unit.
 */
export async function joinConversationBoards(
  unit: Unit,
  conversationId: number,
  userIds: number[],
  addedBy: number,
): Promise<void> {
  if (userIds.length === 0) return
  for (const board of await boardsOfConversation(unit.trx, conversationId)) {
    const owner = Number(board.owner_id)
    const joining = userIds.filter((id) => id !== owner)
    await addCollaborators(unit, Number(board.id), joining, addedBy)
  }
}

/**
 * …and a member who leaves stops being a collaborator of every board made from it, in the
 * leave's unit (a board they own stays theirs). Their pins on those boards stay.
 */
export async function leaveConversationBoards(
  unit: Unit,
  conversationId: number,
  userId: number,
): Promise<void> {
  const boardIds = (await boardsOfConversation(unit.trx, conversationId))
    .filter((b) => Number(b.owner_id) !== userId)
    .map((b) => Number(b.id))
  if (boardIds.length === 0) return
  const touched = await peopleOfBoards(unit.trx, boardIds)
  await unit.trx
    .deleteFrom('board_collaborators')
    .where('user_id', '=', userId)
    .where('board_id', 'in', boardIds)
    .execute()
  unit.changed('readers', touched)
}

/** A board's collaborators: listed to whoever sees the board, invited and removed by its owner. */
export function createBoardCollaborators(deps: {
  units: Units
  graph: Pick<GraphService, 'toSummary'>
  toBoards: (rows: BoardRow[], viewerId: number | null) => Promise<Board[]>
}) {
  const { units, graph } = deps
  const { db } = units
  const repo = createBoardsRepository(db)

  async function list(
    viewerId: number | null,
    boardId: string | number,
    query: PageRequest,
  ): Promise<Page<UserSummary>> {
    const board = await getVisibleBoard(db, viewerId, boardIdOf(boardId))
    const size = query.page_size ?? DEFAULT_PAGE_SIZE
    const after = decodeBookmark(query.bookmark, { since: 'time', id: 'id' })
    const rows = await db
      .selectFrom('board_collaborators as bc')
      .innerJoin('users as u', 'u.id', 'bc.user_id')
      .select((eb) => [...userSummaryColumns(eb, viewerId), 'bc.created_at as since'])
      .where('bc.board_id', '=', board.id)
      .where('u.suspended_at', 'is', null)
      .where('u.deleted_at', 'is', null)
      .where(notBlockedWith(viewerId, 'u.id'))
      .$if(after !== null, (q) =>
        q.where((eb) =>
          eb.or([
            eb('bc.created_at', '>', after!.since),
            eb.and([eb('bc.created_at', '=', after!.since), eb('u.id', '>', after!.id)]),
          ]),
        ),
      )
      .orderBy('bc.created_at')
      .orderBy('u.id')
      .limit(size + 1)
      .execute()
    return pageOf(
      rows,
      size,
      (r) => graph.toSummary(r, viewerId),
      (r) => ({ since: r.since, id: Number(r.id) }),
    )
  }

  /**
   * Invites people to collaborate (owner only), each someone the owner may message now
   * (policy.ts: mutual follows or their policy, no block): a refusal names the first one.
   */
  async function add(
    viewer: { id: number; username: string },
    boardId: string | number,
    usernames: string[],
  ): Promise<Page<UserSummary>> {
    const board = await getOwnBoard(db, viewer.id, boardIdOf(boardId))
    const names = [...new Set(usernames)].filter((n) => n !== viewer.username)
    if (names.length === 0) throw new BadRequestError('usernames must name someone other than you.')
    const users = await db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('username', 'in', names)
      .where('suspended_at', 'is', null)
      .where('deleted_at', 'is', null)
      .execute()
    if (users.length !== names.length) throw new NotFoundError('User')
    const decisions = await mayMessageMany(
      db,
      viewer.id,
      users.map((u) => Number(u.id)),
    )
    for (const u of users) {
      const d = decisions.get(Number(u.id))
      if (d && !d.ok) {
        throw new ForbiddenError(
          `${refusalMessage(d.reason, u.username)} Only people you may message can collaborate.`,
          d.reason,
        )
      }
    }
    await units.run(async (unit) => {
      const { trx } = unit
      // one invitation at a time per board: the cap counts every one
      if (!(await repo.lockBoard(trx, board.id))) throw new NotFoundError('Board')
      const ids = users.map((u) => Number(u.id))
      await addCollaborators(unit, board.id, ids, viewer.id)
      const count = await trx
        .selectFrom('board_collaborators')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('board_id', '=', board.id)
        .executeTakeFirstOrThrow()
      if (Number(count.n) > COLLABORATORS_MAX) {
        throw new ConflictError(
          `A board has at most ${COLLABORATORS_MAX} collaborators.`,
          'group_full',
        )
      }
    })
    return list(viewer.id, board.id, {})
  }

  /** Removes a collaborator: the owner removes anyone, a collaborator themselves. Idempotent. */
  async function remove(viewerId: number, boardId: string | number, username: string) {
    const board = await getVisibleBoard(db, viewerId, boardIdOf(boardId))
    const user = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirst()
    if (!user) throw new NotFoundError('User')
    const userId = Number(user.id)
    if (board.owner_id !== viewerId && userId !== viewerId) {
      throw new ForbiddenError('Only the board owner can remove collaborators.', 'not_owner')
    }
    await units.run(async (unit) => {
      unit.changed('readers', await peopleOfBoards(unit.trx, [board.id]))
      await unit.trx
        .deleteFrom('board_collaborators')
        .where('board_id', '=', board.id)
        .where('user_id', '=', userId)
        .execute()
    })
  }

  /** Other people's boards the viewer collaborates on (that they may see), newest invitation first. */
  async function boards(viewerId: number, query: PageRequest): Promise<Page<Board>> {
    const size = query.page_size ?? DEFAULT_PAGE_SIZE
    const after = decodeBookmark(query.bookmark, { since: 'time', id: 'id' })
    const rows = await db
      .selectFrom('board_collaborators as bc')
      .innerJoin('boards as bd', 'bd.id', 'bc.board_id')
      .innerJoin('users as o', 'o.id', 'bd.owner_id')
      .selectAll('bd')
      .select('bc.created_at as since')
      .where('bc.user_id', '=', viewerId)
      .where('o.suspended_at', 'is', null)
      .where(notBlockedWith(viewerId, 'bd.owner_id'))
      .$if(after !== null, (q) =>
        q.where((eb) =>
          eb.or([
            eb('bc.created_at', '<', after!.since),
            eb.and([eb('bc.created_at', '=', after!.since), eb('bd.id', '<', after!.id)]),
          ]),
        ),
      )
      .orderBy('bc.created_at', 'desc')
      .orderBy('bd.id', 'desc')
      .limit(size + 1)
      .execute()
    const page = pageOf(
      rows,
      size,
      (r) => r,
      (r) => ({ since: r.since, id: Number(r.id) }),
    )
    return { items: await deps.toBoards(page.items, viewerId), bookmark: page.bookmark }
  }

  return { list, add, remove, boards }
}

export type BoardCollaborators = ReturnType<typeof createBoardCollaborators>
