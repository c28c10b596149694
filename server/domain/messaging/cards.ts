import { nowIso, type Db } from '../../db/database'
import { NotFoundError } from '../../errors'
import { parseId } from '../pagination'
import type { Unit } from '../unit'
import { visibleMessage, type MessageRow } from './message-repository'

/** What someone did from a pin card in a conversation (brand analytics count these). */
export type CardAction = 'save' | 'like' | 'click' | 'send'

/**
 * The message a card action comes from: one the viewer sees now, carrying that pin; undefined
 * otherwise. On `conn`: the root database, or the transaction the action is written in.
 */
export async function findCardMessage(
  conn: Db,
  viewerId: number,
  messageId: string,
  pinId: number,
): Promise<MessageRow | undefined> {
  const id = parseId(messageId)
  if (id === null) return undefined
  const message = await visibleMessage(conn, viewerId, id)
  return message?.attachment_type === 'pin' && Number(message.attachment_id) === pinId
    ? message
    : undefined
}

/** The same, 404 (Message) when there is no such card for the viewer. */
export async function cardMessage(
  conn: Db,
  viewerId: number,
  messageId: string,
  pinId: string,
): Promise<MessageRow> {
  const pin = parseId(pinId)
  if (pin === null) throw new NotFoundError('Pin')
  const message = await findCardMessage(conn, viewerId, messageId, pin)
  if (!message) throw new NotFoundError('Message')
  return message
}

/**
 * Records an action made from a card, on `conn` (in the action's own transaction); a save
 * names the pin it made (`savedPinId`: the board its sender's credit shows).
 */
export async function recordCardAction(
  conn: Db,
  viewerId: number,
  message: MessageRow,
  action: CardAction,
  savedPinId?: number,
): Promise<void> {
  await conn
    .insertInto('message_actions')
    .values({
      message_id: Number(message.id),
      user_id: viewerId,
      action,
      pin_id: Number(message.attachment_id),
      created_at: nowIso(),
      ...(savedPinId === undefined ? {} : { saved_pin_id: savedPinId }),
    })
    .execute()
}

/**
 * Tells the sender of a card someone saved it from (their credit line), once the save commits:
 * a hint to their own sockets, not a stream position. Nothing for their own saves.
 */
export function publishCredit(unit: Unit, saverId: number, message: MessageRow): void {
  if (Number(message.sender_id) === saverId) return
  unit.publish({
    type: 'message.saved',
    conversation_id: Number(message.conversation_id),
    message_id: Number(message.id),
    sender_id: Number(message.sender_id),
  })
}

/** Tells live cards a pin's counts changed: read in the unit, published once it commits. */
export async function publishPinCounts(unit: Unit, pinId: number): Promise<void> {
  const pin = await unit.trx
    .selectFrom('pins')
    .select(['id', 'save_count', 'like_count', 'secret', 'owner_id'])
    .where('id', '=', pinId)
    .executeTakeFirst()
  if (!pin) return
  unit.publish({
    type: 'pin.updated',
    pin_id: Number(pin.id),
    save_count: Number(pin.save_count),
    like_count: Number(pin.like_count),
    // a secret pin's counts go only to its owner, the one who may see it
    visible_to: Number(pin.secret) === 1 ? [Number(pin.owner_id)] : null,
  })
}
