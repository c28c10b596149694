import { LIMITS } from '../../../protocol/limits'
import type { AttachmentRef } from '../../../protocol/messages'
import type { Db } from '../../db/database'
import { BadRequestError, NotFoundError } from '../../errors'
import { getVisibleBoard } from '../boards/access'
import { notBlockedWith } from '../graph/blocks'
import { parseId } from '../pagination'
import { createPinsRepository } from '../pins/repository'

export const TEXT_MAX = LIMITS.message.text

/** What a message carries, checked. */
export interface Content {
  text: string | null
  /** a pin's owner comes with it when known (analytics count its sends without a look-up) */
  attachment: { type: AttachmentRef['type']; id: number; ownerId?: number } | null
  /** the message it replies to (checked in the write: same conversation, visible to the sender) */
  replyTo?: number | null
}

export interface SendInput {
  client_message_id: string
  text?: string | null
  attachment?: AttachmentRef | null
  /** the message this one replies to */
  reply_to_message_id?: string | null
}

/** Whether `id` may be a client_message_id: 1 to 64 characters. */
export const isClientId = (id: unknown): id is string =>
  typeof id === 'string' && id.length >= 1 && id.length <= 64

export function checkClientId(id: string) {
  if (!isClientId(id)) {
    throw new BadRequestError('client_message_id must be 1 to 64 characters.')
  }
}

/** The integer key of a wire id; an id that cannot be one is 404, like a missing row. */
export function wireId(id: string, what: string): number {
  const n = parseId(id)
  if (n === null) throw new NotFoundError(what)
  return n
}

/** A reply's original, by its wire id (not a valid id: 400 `invalid_reply_to`). */
function replyToOf(id: string | null | undefined): number | null {
  if (id === undefined || id === null) return null
  const n = parseId(id)
  if (n === null) {
    throw new BadRequestError('reply_to_message_id names no message here.', 'invalid_reply_to')
  }
  return n
}

/** A message's text, trimmed (none: null), at most TEXT_MAX characters: for a send and an edit. */
export function checkText(input: string | null | undefined): string | null {
  const text = input?.trim() || null
  if (text !== null && text.length > TEXT_MAX) {
    throw new BadRequestError(`text must be at most ${TEXT_MAX} characters.`)
  }
  return text
}

export function createContentCheck(db: Db) {
  const pinsRepo = createPinsRepository(db)
  /** Checks text and attachment; the attachment must be visible to the sender, else 404. */
  return async function checkContent(senderId: number, input: SendInput): Promise<Content> {
    checkClientId(input.client_message_id)
    const text = checkText(input.text)
    const ref = input.attachment ?? null
    if (text === null && ref === null) {
      throw new BadRequestError('A message needs text or an attachment.', 'empty_message')
    }
    const replyTo = replyToOf(input.reply_to_message_id)
    if (ref === null) return { text, attachment: null, replyTo }
    switch (ref.type) {
      case 'pin': {
        const id = wireId(ref.id, 'Pin')
        const pin = await pinsRepo.findVisible(id, senderId)
        if (!pin) throw new NotFoundError('Pin')
        return { text, attachment: { type: 'pin', id, ownerId: Number(pin.owner_id) }, replyTo }
      }
      case 'board': {
        const board = await getVisibleBoard(db, senderId, wireId(ref.id, 'Board'))
        return { text, attachment: { type: 'board', id: board.id }, replyTo }
      }
      case 'user': {
        const id = wireId(ref.id, 'User')
        const user = await db
          .selectFrom('users')
          .select('id')
          .where('id', '=', id)
          .where(notBlockedWith(senderId, 'users.id'))
          .executeTakeFirst()
        if (!user) throw new NotFoundError('User')
        return { text, attachment: { type: 'user', id }, replyTo }
      }
      default:
        throw new BadRequestError('attachment.type must be pin, board or user.')
    }
  }
}
