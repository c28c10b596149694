import { LIMITS } from '../../../protocol/limits'
import { BadRequestError, NotFoundError } from '../../errors'
import { decodeBookmark, parseId } from '../pagination'

// What boards and sections read from a request, checked.

const NAME_MAX = LIMITS.board.name

export interface PageRequest {
  bookmark?: string
  page_size?: number
}

/** A board's or a section's name, trimmed. */
export function checkedName(name: string): string {
  const trimmed = name.trim()
  if (trimmed.length < 1 || trimmed.length > NAME_MAX) {
    throw new BadRequestError(`name must be 1 to ${NAME_MAX} characters.`)
  }
  return trimmed
}

export function boardIdOf(id: string | number): number {
  const n = typeof id === 'number' ? id : parseId(id)
  if (n === null) throw new NotFoundError('Board')
  return n
}

/** The id a page of boards or sections continues after, from its bookmark. */
export function afterId(bookmark: string | undefined): number | null {
  const cursor = decodeBookmark(bookmark, { id: 'id' })
  return cursor ? cursor.id : null
}
