import type { Db } from '../../db/database'
import { NotFoundError } from '../../errors'
import { samePicture } from '../media/phash'
import { ownerNotSuspended } from '../moderation/suspension'
import { visiblePinsTo } from '../pins/repository'
import { requireMember } from './access'
import { wireId } from './content'
import { visibleToMember } from './message-repository'
import type { ConversationRepository } from './repository'

/** The earlier share of a pin in a conversation ("Already shared by ana on 3 Mar"). */
export interface AlreadyShared {
  message_id: string
  seq: number
  sender: { username: string }
  created_at: string
  pin_id: string
  /** the same pin (or a save of the same original), or another pin with the same picture */
  match: 'same_pin' | 'same_picture'
}

/** How many of the conversation's newest pin messages are compared at most. */
export const DEJA_VU_SCAN = 500

export interface DejaVuDeps {
  db: Db
  conversations: Pick<ConversationRepository, 'membership'>
  /** the perceptual hashes of images, by media key (domain/media: computed when missing) */
  phashes: (keys: string[]) => Promise<Map<string, string>>
}

/**
 * Whether a pin was shared before in a conversation: the newest pin message the caller sees
 * there (as a member now, its pin visible to them) whose pin is the same pin, a save of the
 * same original, or shows the same picture (perceptual hashes within a few bits).
 */
export function createDejaVu(deps: DejaVuDeps) {
  const { db } = deps

  return async function alreadyShared(
    viewerId: number,
    conversationId: string,
    pinId: string,
  ): Promise<{ shared: AlreadyShared | null }> {
    const id = wireId(conversationId, 'Conversation')
    await requireMember(deps.conversations, db, id, viewerId)
    const pinKey = wireId(pinId, 'Pin')
    const pin = await db
      .selectFrom('pins as p')
      .select(['p.id', 'p.root_pin_id', 'p.media_key'])
      .where('p.id', '=', pinKey)
      .where(visiblePinsTo(viewerId))
      .where(ownerNotSuspended('p.owner_id'))
      .executeTakeFirst()
    if (!pin) throw new NotFoundError('Pin')

    const rows = await db
      .selectFrom('messages as msg')
      .innerJoin('conversation_members as cm', (j) =>
        j.onRef('cm.conversation_id', '=', 'msg.conversation_id').on('cm.user_id', '=', viewerId),
      )
      .innerJoin('conversations as c', 'c.id', 'msg.conversation_id')
      .innerJoin('users as su', 'su.id', 'msg.sender_id')
      .innerJoin('pins as p', 'p.id', 'msg.attachment_id')
      .select([
        'msg.id',
        'msg.seq',
        'msg.created_at',
        'su.username as sender_username',
        'p.id as pin_id',
        'p.root_pin_id',
        'p.media_key',
      ])
      .where('msg.conversation_id', '=', id)
      .where('msg.attachment_type', '=', 'pin')
      .where(visibleToMember)
      .where(visiblePinsTo(viewerId))
      .where(ownerNotSuspended('p.owner_id'))
      .orderBy('msg.seq', 'desc')
      .limit(DEJA_VU_SCAN)
      .execute()
    if (rows.length === 0) return { shared: null }

    const original = Number(pin.root_pin_id ?? pin.id)
    const samePin = (r: (typeof rows)[number]) =>
      Number(r.pin_id) === Number(pin.id) || Number(r.root_pin_id ?? r.pin_id) === original
    // hashes are only needed when no share of the same pin is the newest match
    const newestSame = rows.find(samePin)
    const others = newestSame ? rows.slice(0, rows.indexOf(newestSame)) : rows
    let match: { row: (typeof rows)[number]; kind: AlreadyShared['match'] } | null = newestSame
      ? { row: newestSame, kind: 'same_pin' }
      : null
    if (others.length > 0) {
      const hashes = await deps.phashes([pin.media_key, ...others.map((r) => r.media_key)])
      const mine = hashes.get(pin.media_key)
      const picture = others.find((r) => {
        if (r.media_key === pin.media_key) return true
        const theirs = hashes.get(r.media_key)
        return !!mine && !!theirs && samePicture(mine, theirs)
      })
      if (picture) match = { row: picture, kind: 'same_picture' }
    }
    if (!match) return { shared: null }
    const { row, kind } = match
    return {
      shared: {
        message_id: String(row.id),
        seq: Number(row.seq),
        sender: { username: row.sender_username },
        created_at: row.created_at,
        pin_id: String(row.pin_id),
        match: kind,
      },
    }
  }
}
