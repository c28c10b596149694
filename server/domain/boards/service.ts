import type { Board, Page, Privacy } from '../../../protocol/api'
import { LIMITS } from '../../../protocol/limits'
import { nowIso } from '../../db/database'
import { isUniqueViolation } from '../../db/dialect'
import { BadRequestError, ConflictError, NotFoundError } from '../../errors'
import { hasBlocked, isBlockedEitherWay } from '../graph/blocks'
import { lockUserPair } from '../graph/repository'
import { DEFAULT_PAGE_SIZE, decodeBookmark, pageOf } from '../pagination'
import type { SearchIndexer } from '../search/indexer'
import { getOwnBoard, getVisibleBoard, type BoardRow } from './access'
import { createBoardsRepository, type PrivacyFilter } from './repository'
import { afterId, boardIdOf, checkedName, type PageRequest } from './input'
import { createBoardSections } from './sections'
import { boardSerializer } from './serializer'
import { timeline } from '../feed/timeline'
import type { Unit, Units } from '../unit'

export { boardSerializer }
export type { PageRequest }

const DESCRIPTION_MAX = LIMITS.board.description

/** Pinterest's `privacy` filter on GET /v5/boards. */
export type BoardPrivacyFilter = 'ALL' | 'PUBLIC' | 'PROTECTED' | 'SECRET' | 'PUBLIC_AND_SECRET'

export interface BoardInput {
  name: string
  description?: string | null
  privacy?: Privacy
}

export type BoardPatch = Partial<BoardInput>

function boardDescription(description: string | null | undefined): string {
  const text = (description ?? '').trim()
  if (text.length > DESCRIPTION_MAX) {
    throw new BadRequestError(`description must be at most ${DESCRIPTION_MAX} characters.`)
  }
  return text
}

const nameTaken = () =>
  new ConflictError('You already have a board with that name.', 'board_name_taken')

/** Boards (PUBLIC or SECRET), their sections, and following boards. */
export function createBoardsService(deps: {
  units: Units
  publicUrl: string
  search: SearchIndexer
}) {
  const { units, search } = deps
  const { db } = units
  const repo = createBoardsRepository(db)
  const toBoards = boardSerializer(db, deps.publicUrl)

  async function deleteBoard(unit: Unit, boardId: number, ownerId: number): Promise<void> {
    await timeline.boardRemoved(unit, boardId)
    await search.boardRemoved(unit.trx, boardId)
    await repo.delete(unit.trx, boardId)
    unit.changed('pins', null)
    unit.changed('readers', [ownerId])
  }

  async function toBoard(row: BoardRow, viewerId: number | null): Promise<Board> {
    const [board] = await toBoards([row], viewerId)
    return board!
  }

  async function boardsPage(
    rows: BoardRow[],
    size: number,
    viewerId: number | null,
  ): Promise<Page<Board>> {
    const page = pageOf(
      rows,
      size,
      (r) => r,
      (r) => ({ id: r.id }),
    )
    return { items: await toBoards(page.items, viewerId), bookmark: page.bookmark }
  }

  return {
    toBoards,
    toBoard,
    ...createBoardSections({ units }),

    /** The viewer's own boards, secret ones included, newest first. */
    async listOwn(
      viewerId: number,
      query: PageRequest & { privacy?: BoardPrivacyFilter },
    ): Promise<Page<Board>> {
      const size = query.page_size ?? DEFAULT_PAGE_SIZE
      const privacy: PrivacyFilter =
        query.privacy === 'PUBLIC' || query.privacy === 'SECRET'
          ? query.privacy
          : query.privacy === 'PROTECTED'
            ? 'NONE'
            : 'ALL'
      const rows = await repo.listOwned(viewerId, privacy, afterId(query.bookmark), size + 1)
      return boardsPage(rows, size, viewerId)
    },

    /** A person's boards: public ones, and to the owner their secret ones too. */
    async listUserBoards(
      username: string,
      viewerId: number | null,
      query: PageRequest,
    ): Promise<Page<Board>> {
      const user = await repo.findUser(username)
      if (!user || (viewerId !== null && (await hasBlocked(db, user.id, viewerId)))) {
        throw new NotFoundError('User')
      }
      // The blocker still finds the profile of someone they blocked, but not its content.
      if (viewerId !== null && (await isBlockedEitherWay(db, viewerId, user.id))) {
        return { items: [], bookmark: null }
      }
      const size = query.page_size ?? DEFAULT_PAGE_SIZE
      const privacy = viewerId === user.id ? 'ALL' : 'PUBLIC'
      const rows = await repo.listOwned(user.id, privacy, afterId(query.bookmark), size + 1)
      return boardsPage(rows, size, viewerId)
    },

    /** The boards the viewer follows (that they may still see), newest follow first. */
    async listFollowed(viewerId: number, query: PageRequest): Promise<Page<Board>> {
      const size = query.page_size ?? DEFAULT_PAGE_SIZE
      const cursor = decodeBookmark(query.bookmark, { since: 'time', id: 'id' })
      const rows = await repo.listFollowed(viewerId, cursor, size + 1)
      const page = pageOf(
        rows,
        size,
        (r) => r,
        (r) => ({ since: r.since, id: r.id }),
      )
      return { items: await toBoards(page.items, viewerId), bookmark: page.bookmark }
    },

    async get(boardId: string | number, viewerId: number | null): Promise<Board> {
      return toBoard(await getVisibleBoard(db, viewerId, boardIdOf(boardId)), viewerId)
    },

    async create(ownerId: number, input: BoardInput): Promise<Board> {
      const name = checkedName(input.name)
      const description = boardDescription(input.description)
      try {
        const row = await units.run(async ({ trx }) => {
          if (await repo.nameTaken(trx, ownerId, name)) throw nameTaken()
          const created = await repo.insert(trx, {
            owner_id: ownerId,
            name,
            description,
            privacy: input.privacy ?? 'PUBLIC',
            created_at: nowIso(),
          })
          await search.boardChanged(trx, created.id, false)
          return created
        })
        return toBoard(row, ownerId)
      } catch (err) {
        throw isUniqueViolation(err) ? nameTaken() : err
      }
    },

    /**
     * Edits a board (owner only). Turning it SECRET hides its pins (their `secret` flag
     * follows the board) and ends everyone's follows of it, in one transaction.
     */
    async update(viewerId: number, boardId: string | number, patch: BoardPatch): Promise<Board> {
      const id = boardIdOf(boardId)
      await getOwnBoard(db, viewerId, id)
      const set: Partial<Pick<BoardRow, 'name' | 'description' | 'privacy'>> = {}
      if (patch.name !== undefined) set.name = checkedName(patch.name)
      if (patch.description !== undefined) set.description = boardDescription(patch.description)
      if (patch.privacy !== undefined) set.privacy = patch.privacy
      try {
        const row = await units.run(async (unit) => {
          const { trx } = unit
          const current = await repo.lockBoard(trx, id)
          if (!current) throw new NotFoundError('Board')
          if (Object.keys(set).length === 0) return current
          if (set.name !== undefined && (await repo.nameTaken(trx, viewerId, set.name, id))) {
            throw nameTaken()
          }
          const updated = await repo.update(trx, id, set)
          if (set.name !== undefined || set.description !== undefined) {
            // its pins are found by the board's name too
            await search.boardChanged(trx, id, set.name !== undefined && set.name !== current.name)
          }
          // the owner's pins carry the board's name in their `saved_to`
          if (set.name !== undefined) unit.changed('readers', [viewerId])
          if (set.privacy !== undefined && set.privacy !== current.privacy) {
            await repo.setPinsSecret(trx, id, set.privacy === 'SECRET')
            await search.boardPrivacyChanged(trx, id)
            if (set.privacy === 'SECRET') await repo.removeFollowers(trx, id)
            await timeline.boardPrivacyChanged(unit, id)
            unit.changed('pins', null)
          }
          return updated
        })
        return toBoard(row, viewerId)
      } catch (err) {
        throw isUniqueViolation(err) ? nameTaken() : err
      }
    },

    /** Deletes a board (owner only) with its sections and pins. */
    async remove(viewerId: number, boardId: string | number): Promise<void> {
      const board = await getOwnBoard(db, viewerId, boardIdOf(boardId))
      await units.run((unit) => deleteBoard(unit, board.id, viewerId))
    },

    /** Deletes a board whoever owns it, as its owner would (a moderator's removal), in `within`. */
    takeDown: (boardId: number, ownerId: number, within?: Unit) =>
      units.run((unit) => deleteBoard(unit, boardId, ownerId), within),

    /** Follows a board the viewer may see; following it again changes nothing. */
    async follow(viewerId: number, boardId: string | number): Promise<Board> {
      const id = boardIdOf(boardId)
      const board = await getVisibleBoard(db, viewerId, id)
      if (board.owner_id === viewerId) {
        throw new BadRequestError('You cannot follow your own board.', 'self_follow')
      }
      await units.run(async (unit) => {
        const { trx } = unit
        // Serialise with a block between the two people and with the board turning secret.
        await lockUserPair(trx, viewerId, board.owner_id)
        const current = await repo.lockBoard(trx, id)
        if (
          !current ||
          current.privacy === 'SECRET' ||
          (await isBlockedEitherWay(trx, viewerId, board.owner_id))
        ) {
          throw new NotFoundError('Board')
        }
        await repo.follow(trx, viewerId, id, nowIso())
        await timeline.boardFollowed(unit, viewerId, id)
      })
      return toBoard(board, viewerId)
    },

    /** Stops following a board; not following it is a no-op (on a board the viewer may see). */
    async unfollow(viewerId: number, boardId: string | number): Promise<void> {
      const id = boardIdOf(boardId)
      const removed = await units.run(async (unit) => {
        const was = await repo.unfollow(unit.trx, viewerId, id)
        if (was) await timeline.boardUnfollowed(unit, viewerId, id)
        return was
      })
      if (!removed) await getVisibleBoard(db, viewerId, id)
    },
  }
}

export type BoardsService = ReturnType<typeof createBoardsService>
