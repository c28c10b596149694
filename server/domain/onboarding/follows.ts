import { nowIso } from '../../db/database'
import { BadRequestError } from '../../errors'
import { createBoardsRepository } from '../boards/repository'
import { timeline } from '../feed/timeline'
import { createGraphRepository } from '../graph/repository'
import type { Unit } from '../unit'
import type { OnboardingRepository } from './repository'

export interface Followed {
  userIds: number[]
  boardIds: number[]
}

/**
 * First sign-in's follows, all inside the caller's unit, with the rules of following a person
 * (graph/service.ts) and a board (boards/service.ts): never oneself or one's own board, nobody
 * either has blocked, no secret board; each follow fills the follower's home feed (timeline)
 * as a single follow does. Choices that became impossible since they were suggested (an
 * account gone, a block, a board turned secret) are left out; the answer says what was
 * followed. Every person involved is locked first, in id order, then each board, as a single
 * follow locks them.
 */
export async function followChoices(
  unit: Unit,
  repo: OnboardingRepository,
  viewerId: number,
  choices: Followed,
): Promise<Followed> {
  const { trx } = unit
  const graph = createGraphRepository(unit.trx)
  const boards = createBoardsRepository(unit.trx)
  if (choices.userIds.includes(viewerId)) {
    throw new BadRequestError('You cannot follow yourself.', 'self_follow')
  }
  const owners = new Map(
    (await repo.boardOwners(trx, choices.boardIds)).map((b) => [Number(b.id), b.owner_id]),
  )
  if ([...owners.values()].includes(viewerId)) {
    throw new BadRequestError('You cannot follow your own board.', 'self_follow')
  }
  const people = [...choices.userIds, ...owners.values()]
  const existing = await repo.lockPeople(trx, [viewerId, ...people])
  const blocked = await repo.blockedWith(viewerId, people, trx)
  const reachable = (userId: number) => existing.has(userId) && !blocked.has(userId)
  const now = nowIso()

  const userIds: number[] = []
  for (const userId of [...choices.userIds].sort((a, b) => a - b)) {
    if (!reachable(userId)) continue
    await graph.follow(trx, viewerId, userId, now)
    await timeline.followed(unit, viewerId, userId)
    userIds.push(userId)
  }

  const boardIds: number[] = []
  for (const boardId of [...owners.keys()].sort((a, b) => a - b)) {
    const board = await boards.lockBoard(trx, boardId)
    if (!board || board.privacy === 'SECRET' || !reachable(board.owner_id)) continue
    await boards.follow(trx, viewerId, boardId, now)
    await timeline.boardFollowed(unit, viewerId, boardId)
    boardIds.push(boardId)
  }
  return { userIds, boardIds }
}
