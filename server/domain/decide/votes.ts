import type { PinVotes, Shortlist, ShortlistItem } from '../../../protocol/decide'
import { nowIso } from '../../db/database'
import { BadRequestError, ConflictError, NotFoundError } from '../../errors'
import { requireMember } from '../messaging/access'
import { wireId } from '../messaging/content'
import type { ConversationRepository } from '../messaging/repository'
import type { PinsService } from '../pins/service'
import { selectPinViews, visiblePinsTo } from '../pins/repository'
import type { Units } from '../unit'
import { createDecideRepository, type RankRow } from './repository'

export interface VotesDeps {
  units: Units
  conversations: Pick<ConversationRepository, 'membership'>
  pins: Pick<PinsService, 'toPins'>
}

/** 409 `not_a_group` unless the conversation is a group: votes are how groups decide. */
export function requireGroup(isGroup: number | boolean) {
  if (Number(isGroup) !== 1) {
    throw new ConflictError('Only a group conversation votes on pins.', 'not_a_group')
  }
}

/**
 * Votes on the pins a group shares (one per person per pin, set or taken back, idempotent) and
 * the shortlist they make. A vote is told live to the members who may see the pin
 * (`shortlist.updated`, a hint: not a stream position).
 */
export function createVotes(deps: VotesDeps) {
  const { units, conversations, pins } = deps
  const { db } = units
  const repo = createDecideRepository()

  /** The caller's current group membership, else 404 (not a member) or 409 (a 1:1). */
  async function groupMember(viewerId: number, conversationId: string) {
    const id = wireId(conversationId, 'Conversation')
    const m = await requireMember(conversations, db, id, viewerId)
    requireGroup(m.is_group)
    return id
  }

  /** Items for ranked rows: pins as the viewer sees them, with their voters. */
  async function itemsOf(
    conversationId: number,
    viewerId: number,
    ranked: RankRow[],
  ): Promise<ShortlistItem[]> {
    const ids = ranked.map((r) => Number(r.pin_id))
    if (ids.length === 0) return []
    const [rows, voters] = await Promise.all([
      selectPinViews(db, viewerId)
        .where('p.id', 'in', ids)
        .where(visiblePinsTo(viewerId))
        .execute(),
      repo.voters(db, conversationId, ids),
    ])
    const rendered = new Map((await pins.toPins(rows, viewerId)).map((p) => [p.id, p]))
    const items: ShortlistItem[] = []
    for (const r of ranked) {
      const pin = rendered.get(String(r.pin_id))
      if (!pin) continue
      items.push({
        pin,
        votes: Number(r.votes),
        voters: voters.filter((v) => Number(v.pin_id) === Number(r.pin_id)).map((v) => v.username),
      })
    }
    return items
  }

  async function shortlistOf(conversationId: number, viewerId: number): Promise<ShortlistItem[]> {
    return itemsOf(conversationId, viewerId, await repo.ranking(db, conversationId, viewerId))
  }

  /**
   * `PUT /v5/conversations/{id}/pins/{pin_id}/vote`: value 1 votes, 0 takes the vote back. Only
   * on a pin shared in the conversation in a message the voter sees, and that they may see.
   */
  async function vote(
    viewerId: number,
    conversationId: string,
    pinId: string,
    value: 0 | 1,
  ): Promise<PinVotes> {
    const id = await groupMember(viewerId, conversationId)
    const pin = wireId(pinId, 'Pin')
    const visible = await db
      .selectFrom('pins as p')
      .select('p.id')
      .where('p.id', '=', pin)
      .where(visiblePinsTo(viewerId))
      .executeTakeFirst()
    if (!visible) throw new NotFoundError('Pin')
    if (!(await repo.sharedHere(db, id, viewerId, pin))) {
      throw new BadRequestError('That pin was not shared in this conversation.', 'not_shared_here')
    }
    return units.run(async (unit) => {
      const { trx } = unit
      // checked again in the action's transaction: a member who just left votes nothing
      const m = await requireMember(conversations, trx, id, viewerId)
      requireGroup(m.is_group)
      const changed = await repo.setVote(trx, id, pin, viewerId, value === 1, nowIso())
      const names = (await repo.voters(trx, id, [pin])).map((v) => v.username)
      if (changed) {
        unit.publish({
          type: 'shortlist.updated',
          conversation_id: id,
          pin_id: pin,
          votes: names.length,
          voters: names,
          member_ids: await repo.membersSeeingPin(trx, id, pin),
        })
      }
      return {
        conversation_id: String(id),
        pin_id: String(pin),
        votes: names.length,
        voters: names,
        voted: value === 1,
      }
    })
  }

  /** `GET /v5/conversations/{id}/shortlist`: the voted pins the caller may see, ranked. */
  async function shortlist(viewerId: number, conversationId: string): Promise<Shortlist> {
    const id = await groupMember(viewerId, conversationId)
    return { items: await shortlistOf(id, viewerId) }
  }

  return { vote, shortlist, shortlistOf, groupMember }
}

export type Votes = ReturnType<typeof createVotes>
