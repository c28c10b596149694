import type { Db } from '../../db/database'
import type { BoardTable } from '../../db/schema'
import { ForbiddenError, NotFoundError } from '../../errors'
import { notBlockedWith } from '../graph/blocks'
import { ownerNotSuspended } from '../moderation/suspension'

export type BoardRow = Omit<BoardTable, 'id'> & { id: number }

/**
 * The board as `viewerId` may see it: a SECRET board, or one whose owner and the viewer have
 * blocked each other, is 404 exactly as if it did not exist.
 */
export async function getVisibleBoard(
  db: Db,
  viewerId: number | null,
  boardId: number,
): Promise<BoardRow> {
  const board = await boardNotBlocked(db, viewerId, boardId)
  if (board.privacy === 'SECRET' && board.owner_id !== viewerId) {
    // a secret group board shows to its collaborators
    if (viewerId === null || !(await isCollaborator(db, board.id, viewerId))) {
      throw new NotFoundError('Board')
    }
  }
  return board
}

/** The board unless its owner is suspended or has a block with the viewer, else 404. */
async function boardNotBlocked(db: Db, viewerId: number | null, boardId: number) {
  const board = await db
    .selectFrom('boards')
    .selectAll()
    .where('id', '=', boardId)
    .where(notBlockedWith(viewerId, 'boards.owner_id'))
    .where(ownerNotSuspended('boards.owner_id'))
    .executeTakeFirst()
  if (!board) throw new NotFoundError('Board')
  return board
}

/** Whether `userId` is a collaborator (not the owner) of the board. */
export async function isCollaborator(db: Db, boardId: number, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('board_collaborators')
    .select('board_id')
    .where('board_id', '=', boardId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * A board the viewer may put pins on, take pins off and move pins within: their own, or a group
 * board they collaborate on. 404 when they may not see it, 403 when they only may see it.
 */
export async function getWritableBoard(
  db: Db,
  viewerId: number,
  boardId: number,
): Promise<BoardRow> {
  // one collaborator look-up decides both seeing (a secret board) and writing
  const board = await boardNotBlocked(db, viewerId, boardId)
  if (board.owner_id === viewerId || (await isCollaborator(db, board.id, viewerId))) return board
  if (board.privacy === 'SECRET') throw new NotFoundError('Board')
  throw new ForbiddenError(
    'Only the board owner and its collaborators can do that.',
    'not_collaborator',
  )
}

/** The board, which the viewer must own: 404 when they may not see it, 403 when they only may see it. */
export async function getOwnBoard(db: Db, viewerId: number, boardId: number): Promise<BoardRow> {
  const board = await getVisibleBoard(db, viewerId, boardId)
  if (board.owner_id !== viewerId) {
    throw new ForbiddenError('Only the board owner can do that.', 'not_owner')
  }
  return board
}

/** A section of the given board, or 404. */
export async function getSection(db: Db, boardId: number, sectionId: number) {
  const section = await db
    .selectFrom('board_sections')
    .selectAll()
    .where('id', '=', sectionId)
    .where('board_id', '=', boardId)
    .executeTakeFirst()
  if (!section) throw new NotFoundError('Board section')
  return section
}
