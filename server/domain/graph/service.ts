import type { Page, UserSummary } from '../../../protocol/api'
export type { UserSummary }
import { nowIso } from '../../db/database'
import { BadRequestError, ForbiddenError, NotFoundError } from '../../errors'
import { mediaPath } from '../media/urls'
import { DEFAULT_PAGE_SIZE, decodeBookmark, pageOf } from '../pagination'
import { hasBlocked, isBlockedEitherWay } from './blocks'
import { createGraphRepository, lockUserPair, type EdgeCursor, type EdgeList } from './repository'
import type { UserSummaryRow } from './user-summary'
import { timeline } from '../feed/timeline'
import type { Unit, Units } from '../unit'

export interface PageRequest {
  bookmark?: string
  page_size?: number
}

/**
 * Follows and blocks between people. A block removes every follow between the two (people and
 * boards) and hides each from the other; the blocked person gets 404 for the blocker.
 */
export function createGraphService(deps: { units: Units; publicUrl?: string }) {
  const { units } = deps
  const { db } = units
  const publicUrl = deps.publicUrl ?? ''
  const repo = createGraphRepository(db)

  function toSummary(row: UserSummaryRow, viewerId: number | null): UserSummary {
    return {
      type: 'user',
      id: String(row.id),
      username: row.username,
      account_type: row.account_type,
      business_name: row.business_name,
      profile_image: row.profile_image_key
        ? publicUrl + mediaPath(row.profile_image_key, '150x150')
        : null,
      ...(viewerId !== null ? { is_following: Boolean(row.is_following) } : {}),
    }
  }

  /**
   * The user as `viewerId` may see them: 404 when they do not exist, are suspended (hidden from
   * everyone) or blocked the viewer. (Unfollowing and unblocking take anyone who exists.)
   */
  async function visibleUser(username: string, viewerId: number | null) {
    const user = await repo.findUser(username)
    if (
      !user ||
      user.suspended_at !== null ||
      (viewerId !== null && (await hasBlocked(db, user.id, viewerId)))
    ) {
      throw new NotFoundError('User')
    }
    return user
  }

  async function listEdges(
    list: EdgeList,
    userId: number,
    viewerId: number | null,
    page: PageRequest,
  ): Promise<Page<UserSummary>> {
    const size = page.page_size ?? DEFAULT_PAGE_SIZE
    const after: EdgeCursor | null = decodeBookmark(page.bookmark, { since: 'time', id: 'id' })
    const rows = await repo.listEdges(list, userId, viewerId, after, size + 1)
    return pageOf(
      rows,
      size,
      (r) => toSummary(r, viewerId),
      (r) => ({ since: r.since, id: r.id }),
    )
  }

  /** The people `username` follows or is followed by, as the viewer may see them. */
  async function userEdges(
    list: 'followers' | 'following',
    username: string,
    viewerId: number | null,
    page: PageRequest,
  ): Promise<Page<UserSummary>> {
    const user = await visibleUser(username, viewerId)
    // The blocker still finds a blocked person's profile, but not who they are connected to.
    if (viewerId !== null && viewerId !== user.id && (await hasBlocked(db, viewerId, user.id))) {
      return { items: [], bookmark: null }
    }
    return listEdges(list, user.id, viewerId, page)
  }

  return {
    toSummary,

    followers: (userId: number, page: PageRequest) => listEdges('followers', userId, userId, page),
    following: (userId: number, page: PageRequest) => listEdges('following', userId, userId, page),
    blocks: (userId: number, page: PageRequest) => listEdges('blocks', userId, userId, page),

    userFollowers: (username: string, viewerId: number | null, page: PageRequest) =>
      userEdges('followers', username, viewerId, page),
    userFollowing: (username: string, viewerId: number | null, page: PageRequest) =>
      userEdges('following', username, viewerId, page),

    /** Follows `username`; following someone already followed is a no-op. */
    async follow(viewerId: number, username: string): Promise<UserSummary> {
      const user = await visibleUser(username, viewerId)
      if (user.id === viewerId) {
        throw new BadRequestError('You cannot follow yourself.', 'self_follow')
      }
      await units.run(async (unit) => {
        const { trx } = unit
        await lockUserPair(trx, viewerId, user.id)
        if (await hasBlocked(trx, user.id, viewerId)) throw new NotFoundError('User')
        if (await hasBlocked(trx, viewerId, user.id)) {
          throw new ForbiddenError('Unblock this person before following them.', 'blocked')
        }
        await repo.follow(trx, viewerId, user.id, nowIso())
        await timeline.followed(unit, viewerId, user.id)
      })
      return toSummary(await repo.summary(user.id, viewerId), viewerId)
    },

    /**
     * Both follow each other, inside the caller's unit (an accepted invite is the consent);
     * nothing across a block either way.
     */
    async followEachOther(unit: Unit, a: number, b: number): Promise<void> {
      const { trx } = unit
      await lockUserPair(trx, a, b)
      if (a === b || (await isBlockedEitherWay(trx, a, b))) return
      const now = nowIso()
      await repo.follow(trx, a, b, now)
      await repo.follow(trx, b, a, now)
      await timeline.followed(unit, a, b)
      await timeline.followed(unit, b, a)
    },

    /** Stops following `username`; not following them already is a no-op. */
    async unfollow(viewerId: number, username: string): Promise<void> {
      const user = await repo.findUser(username)
      if (!user) throw new NotFoundError('User')
      await units.run(async (unit) => {
        await repo.unfollow(unit.trx, viewerId, user.id)
        await timeline.unfollowed(unit, viewerId, user.id)
      })
    },

    /**
     * Blocks `username`, and in the same transaction removes every follow between the two:
     * of each other and of each other's boards. Blocking twice is a no-op.
     */
    async block(viewerId: number, username: string): Promise<void> {
      const user = await visibleUser(username, viewerId)
      if (user.id === viewerId)
        throw new BadRequestError('You cannot block yourself.', 'self_block')
      await units.run(async (unit) => {
        const { trx } = unit
        await lockUserPair(trx, viewerId, user.id)
        await repo.block(trx, viewerId, user.id, nowIso())
        await repo.severFollows(trx, viewerId, user.id)
        await timeline.severed(unit, viewerId, user.id)
        unit.changed('readers', [viewerId, user.id])
      })
    },

    /** Lifts the viewer's block of `username`; follows removed by the block stay removed. */
    async unblock(viewerId: number, username: string): Promise<void> {
      const user = await repo.findUser(username)
      if (!user) throw new NotFoundError('User')
      await units.run(async (unit) => {
        await repo.unblock(unit.trx, viewerId, user.id)
        unit.changed('readers', [viewerId, user.id])
      })
    },

    isBlockedEitherWay: (a: number, b: number) => isBlockedEitherWay(db, a, b),
  }
}

export type GraphService = ReturnType<typeof createGraphService>
