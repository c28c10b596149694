import type { BoardSection, Page } from '../../../protocol/api'
import { nowIso } from '../../db/database'
import { ConflictError } from '../../errors'
import { DEFAULT_PAGE_SIZE, pageOf } from '../pagination'
import type { Units } from '../unit'
import { getOwnBoard, getSection, getVisibleBoard } from './access'
import { afterId, boardIdOf, checkedName, type PageRequest } from './input'
import { createBoardsRepository } from './repository'

const sectionNameTaken = () =>
  new ConflictError('This board already has a section with that name.', 'section_name_taken')

/** A board's sections: listed by whoever sees the board, named and removed by its owner. */
export function createBoardSections(deps: { units: Units }) {
  const { units } = deps
  const { db } = units
  const repo = createBoardsRepository(db)

  return {
    async listSections(
      boardId: string | number,
      viewerId: number | null,
      query: PageRequest,
    ): Promise<Page<BoardSection>> {
      const board = await getVisibleBoard(db, viewerId, boardIdOf(boardId))
      const size = query.page_size ?? DEFAULT_PAGE_SIZE
      const rows = await repo.listSections(board.id, afterId(query.bookmark), size + 1)
      return pageOf(
        rows,
        size,
        (r) => ({ id: String(r.id), name: r.name }),
        (r) => ({ id: r.id }),
      )
    },

    async createSection(
      viewerId: number,
      boardId: string | number,
      name: string,
    ): Promise<BoardSection> {
      const board = await getOwnBoard(db, viewerId, boardIdOf(boardId))
      const clean = checkedName(name)
      const row = await units.run(async ({ trx }) => {
        await repo.lockBoard(trx, board.id)
        if (await repo.sectionNameTaken(trx, board.id, clean)) throw sectionNameTaken()
        return repo.insertSection(trx, board.id, clean, nowIso())
      })
      return { id: String(row.id), name: row.name }
    },

    async renameSection(
      viewerId: number,
      boardId: string | number,
      sectionId: number,
      name: string,
    ): Promise<BoardSection> {
      const board = await getOwnBoard(db, viewerId, boardIdOf(boardId))
      const section = await getSection(db, board.id, sectionId)
      const clean = checkedName(name)
      const row = await units.run(async ({ trx }) => {
        await repo.lockBoard(trx, board.id)
        if (await repo.sectionNameTaken(trx, board.id, clean, section.id)) {
          throw sectionNameTaken()
        }
        return repo.renameSection(trx, section.id, clean)
      })
      return { id: String(row.id), name: row.name }
    },

    /** Deletes a section; its pins stay on the board, outside any section. */
    async deleteSection(viewerId: number, boardId: string | number, sectionId: number) {
      const board = await getOwnBoard(db, viewerId, boardIdOf(boardId))
      const section = await getSection(db, board.id, sectionId)
      await units.run(async (unit) => {
        await repo.deleteSection(unit.trx, section.id)
        // its pins show no section any more
        unit.changed('pins', null)
      })
    },
  }
}
