import type { Message } from '../../../protocol/messages'
import { nowIso } from '../../db/database'
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../../errors'
import type { Unit, Units } from '../unit'
import type { Sender } from './access'
import { checkText, wireId } from './content'
import { isEmoji } from './emoji'
import { isRemoved } from './message-extras'
import type { MessageEventKind, MessageEvents } from './message-events'
import { visibleMessage, type MessageRepository, type MessageRow } from './message-repository'
import type { Renderer } from './render'

/** a message may be edited this long after it was sent */
export const EDIT_WINDOW_MS = 15 * 60_000
/** distinct emoji one person may react with to one message */
export const REACTIONS_PER_PERSON_MAX = 20

/** what a change that needs its event's seq answers: run with the seq once it is recorded */
type Recorded = (seq: number) => Promise<void>

const removedConflict = () => new ConflictError('This message was removed.', 'message_removed')

/**
 * Reactions, edits and unsends. Each is one unit: the message as the caller sees it as a current
 * member (else 404), the change made only if it changes something (a repeat answers the message
 * and records nothing: idempotent), and then an event at the conversation's next seq.
 */
export function createMessageActions(deps: {
  units: Units
  repo: Pick<MessageRepository, 'messageById'>
  events: Pick<MessageEvents, 'record'>
  render: Pick<Renderer, 'renderMessages'>
}) {
  const { units, repo, events, render } = deps

  /**
   * Runs `change` on the message as `viewer` sees it; when it changed something, records the
   * event (and hands its seq to the change's `recorded`, when it has one). Answers the message
   * as the viewer sees it once committed.
   */
  async function act(
    viewer: Sender,
    messageId: string,
    kind: MessageEventKind,
    change: (unit: Unit, row: MessageRow) => Promise<boolean | Recorded>,
  ): Promise<Message> {
    const id = wireId(messageId, 'Message')
    await units.run(async (unit) => {
      const row = await visibleMessage(unit.trx, viewer.id, id)
      if (!row) throw new NotFoundError('Message')
      const changed = await change(unit, row)
      if (changed === false) return
      const seq = await events.record(unit, row, kind, viewer.id)
      if (changed !== true) await changed(seq)
    })
    const row = await repo.messageById(id)
    if (!row) throw new NotFoundError('Message')
    const [message] = await render.renderMessages(viewer.id, [row])
    return message!
  }

  function checkEmoji(emoji: string) {
    if (!isEmoji(emoji)) {
      throw new BadRequestError('emoji must be one emoji.', 'invalid_emoji')
    }
  }

  /** Adds the viewer's reaction (once per emoji; at most 20 emoji per person per message). */
  function react(viewer: Sender, messageId: string, emoji: string) {
    checkEmoji(emoji)
    return act(viewer, messageId, 'reaction', async ({ trx }, row) => {
      if (isRemoved(row)) throw removedConflict()
      const mine = await trx
        .selectFrom('message_reactions')
        .select('emoji')
        .where('message_id', '=', Number(row.id))
        .where('user_id', '=', viewer.id)
        .execute()
      if (mine.some((r) => r.emoji === emoji)) return false
      if (mine.length >= REACTIONS_PER_PERSON_MAX) {
        throw new ConflictError(
          `At most ${REACTIONS_PER_PERSON_MAX} different reactions per message.`,
          'too_many_reactions',
        )
      }
      const key = { message_id: Number(row.id), user_id: viewer.id, emoji }
      const inserted = await trx
        .insertInto('message_reactions')
        .values({ ...key, created_at: nowIso() })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst()
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false
      // its event's seq orders it among the others: their times may be the same millisecond
      return async (seq: number) => {
        await trx
          .updateTable('message_reactions')
          .set({ seq })
          .where('message_id', '=', key.message_id)
          .where('user_id', '=', key.user_id)
          .where('emoji', '=', key.emoji)
          .execute()
      }
    })
  }

  /** Takes the viewer's reaction back (none there: nothing happens). */
  function unreact(viewer: Sender, messageId: string, emoji: string) {
    checkEmoji(emoji)
    return act(viewer, messageId, 'reaction', async ({ trx }, row) => {
      const deleted = await trx
        .deleteFrom('message_reactions')
        .where('message_id', '=', Number(row.id))
        .where('user_id', '=', viewer.id)
        .where('emoji', '=', emoji)
        .executeTakeFirst()
      return Number(deleted.numDeletedRows) > 0
    })
  }

  const requireSender = (viewer: Sender, row: MessageRow, what: string) => {
    if (Number(row.sender_id) !== viewer.id) {
      throw new ForbiddenError(`Only its sender may ${what} a message.`, 'not_sender')
    }
  }

  /** The sender changes the text within 15 minutes of sending (the same checks as a send). */
  function edit(viewer: Sender, messageId: string, input: { text: string | null }) {
    const text = checkText(input.text)
    return act(viewer, messageId, 'edit', async ({ trx }, row) => {
      requireSender(viewer, row, 'edit')
      if (isRemoved(row)) throw removedConflict()
      if (Date.now() - Date.parse(row.created_at) > EDIT_WINDOW_MS) {
        throw new ConflictError(
          'A message can be edited for 15 minutes after it was sent.',
          'edit_window_closed',
        )
      }
      if (text === null && row.attachment_type === null) {
        throw new BadRequestError('A message needs text or an attachment.', 'empty_message')
      }
      if (text === row.text) return false
      const updated = await trx
        .updateTable('messages')
        .set({ text, edited_at: nowIso() })
        .where('id', '=', Number(row.id))
        .where('removed_at', 'is', null)
        .executeTakeFirst()
      return Number(updated.numUpdatedRows) > 0
    })
  }

  /**
   * The sender removes a message for everyone, any time: its text and attachment are erased
   * (not kept anywhere), its reactions deleted; it stays as "removed" in its place.
   */
  function unsend(viewer: Sender, messageId: string) {
    return act(viewer, messageId, 'unsend', async ({ trx }, row) => {
      requireSender(viewer, row, 'unsend')
      if (isRemoved(row)) return false
      const updated = await trx
        .updateTable('messages')
        .set({ text: null, attachment_type: null, attachment_id: null, removed_at: nowIso() })
        .where('id', '=', Number(row.id))
        .where('removed_at', 'is', null)
        .executeTakeFirst()
      if (Number(updated.numUpdatedRows) === 0) return false
      await trx.deleteFrom('message_reactions').where('message_id', '=', Number(row.id)).execute()
      return true
    })
  }

  return { react, unreact, edit, unsend }
}

export type MessageActions = ReturnType<typeof createMessageActions>
