import type { BoardsService } from '../boards/service'
import { createBoardCollaborators } from '../boards/collaborators'
import type { GraphService } from '../graph/service'
import { createConversationRepository } from '../messaging/repository'
import type { PinsService } from '../pins/service'
import type { SearchIndexer } from '../search/indexer'
import type { Units } from '../unit'
import { createShortlistBoard, type ShortlistBoardDeps } from './shortlist-board'
import { createVotes } from './votes'

/**
 * Deciding together (issue 17): votes on the pins a group shares, its shortlist, "Make it a
 * board", and group boards' collaborators.
 */
export function createDecideService(deps: {
  units: Units
  pins: Pick<PinsService, 'toPins' | 'saveWithin'>
  boards: Pick<BoardsService, 'toBoard' | 'toBoards'>
  graph: Pick<GraphService, 'toSummary'>
  search: Pick<SearchIndexer, 'boardChanged'>
  append: ShortlistBoardDeps['append']
}) {
  const { units } = deps
  const conversations = createConversationRepository(units.db)
  const votes = createVotes({ units, conversations, pins: deps.pins })
  return {
    vote: votes.vote,
    shortlist: votes.shortlist,
    makeBoard: createShortlistBoard({
      units,
      votes,
      conversations,
      boards: deps.boards,
      pins: deps.pins,
      search: deps.search,
      append: deps.append,
    }),
    collaborators: createBoardCollaborators({
      units,
      graph: deps.graph,
      toBoards: deps.boards.toBoards,
    }),
  }
}

export type DecideService = ReturnType<typeof createDecideService>
