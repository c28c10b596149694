import type { Board, Privacy } from '../../../protocol/api'
import { nowIso } from '../../db/database'
import { isUniqueViolation } from '../../db/dialect'
import { ConflictError, NotFoundError } from '../../errors'
import type { BoardsService } from '../boards/service'
import { addCollaborators } from '../boards/collaborators'
import { checkedName } from '../boards/input'
import { createBoardsRepository } from '../boards/repository'
import type { Sender } from '../messaging/access'
import type { Content } from '../messaging/content'
import type { ConversationRepository } from '../messaging/repository'
import type { MessageRow } from '../messaging/message-repository'
import type { PinRow } from '../pins/repository'
import type { PinsService } from '../pins/service'
import type { SearchIndexer } from '../search/indexer'
import type { Unit, Units } from '../unit'
import { requireGroup, type Votes } from './votes'

export interface ShortlistBoardInput {
  name: string
  /** how many of the shortlist's top pins go on the board */
  top: number
  description?: string | null
  privacy?: Privacy
}

export interface ShortlistBoardDeps {
  units: Units
  votes: Pick<Votes, 'groupMember' | 'shortlistOf'>
  conversations: Pick<ConversationRepository, 'lockConversation' | 'activeMemberIds'>
  boards: Pick<BoardsService, 'toBoard'>
  pins: Pick<PinsService, 'saveWithin'>
  search: Pick<SearchIndexer, 'boardChanged'>
  /** a message into the conversation under every rule of a send, in the caller's unit */
  append(
    unit: Unit,
    sender: Sender,
    conversationId: number,
    clientId: string,
    content: Content,
  ): Promise<MessageRow>
}

const nameTaken = () =>
  new ConflictError('You already have a board with that name.', 'board_name_taken')

/**
 * "Make it a board": the caller's new board (secret unless asked otherwise) with the top pins
 * of the conversation's shortlist, whose collaborators are the conversation's other current
 * members (and stay so while they are: see boards/collaborators.ts), announced in the
 * conversation by a message carrying the board — all in one transaction.
 */
export function createShortlistBoard(deps: ShortlistBoardDeps) {
  const { units, votes, conversations } = deps
  const { db } = units
  const boards = createBoardsRepository(db)

  return async function makeBoard(
    viewer: Sender,
    conversationId: string,
    input: ShortlistBoardInput,
  ): Promise<Board> {
    const id = await votes.groupMember(viewer.id, conversationId)
    const name = checkedName(input.name)
    const top = (await votes.shortlistOf(id, viewer.id)).slice(0, input.top)
    if (top.length === 0) {
      throw new ConflictError(
        'Vote for some pins first: the shortlist is empty.',
        'nothing_to_shortlist',
      )
    }
    const pinIds = top.map((item) => Number(item.pin.id))
    try {
      const row = await units.run(async (unit) => {
        const { trx } = unit
        // serialised with people joining and leaving: the collaborators are the members now
        const locked = await conversations.lockConversation(trx, id)
        if (!locked) throw new NotFoundError('Conversation')
        requireGroup(locked.is_group)
        const members = await conversations.activeMemberIds(trx, id)
        if (!members.includes(viewer.id)) throw new NotFoundError('Conversation')
        if (await boards.nameTaken(trx, viewer.id, name)) throw nameTaken()
        const board = await boards.insert(trx, {
          owner_id: viewer.id,
          name,
          description: (input.description ?? '').trim(),
          privacy: input.privacy ?? 'SECRET',
          created_at: nowIso(),
          conversation_id: id,
        })
        await deps.search.boardChanged(trx, board.id, false)
        const pinRows = (await trx
          .selectFrom('pins')
          .selectAll()
          .where('id', 'in', pinIds)
          .execute()) as PinRow[]
        // the board lists its newest pin first: the top pin is saved last
        for (const pinId of [...pinIds].reverse()) {
          const pin = pinRows.find((p) => Number(p.id) === pinId)
          if (pin) await deps.pins.saveWithin(unit, viewer.id, pin, board.id)
        }
        const others = members.filter((m) => m !== viewer.id)
        await addCollaborators(unit, board.id, others, viewer.id)
        unit.changed('readers', [viewer.id, ...others])
        await deps.append(unit, viewer, id, `board:${board.id}`, {
          text: null,
          attachment: { type: 'board', id: board.id },
        })
        return board
      })
      return deps.boards.toBoard(row, viewer.id)
    } catch (err) {
      throw isUniqueViolation(err) ? nameTaken() : err
    }
  }
}

export type MakeBoard = ReturnType<typeof createShortlistBoard>
