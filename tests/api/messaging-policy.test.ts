import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MessagePolicy } from '../../protocol/api'
import { DIALECTS } from '../support/dialects'
import type { TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'
import {
  clientId,
  conversationOf,
  createConversation,
  messagingApp,
  send,
} from './messaging-fixtures'
import { createPin, graphRow, makeBoard } from './pin-fixtures'

/**
 * The policy matrix over HTTP: b's message_policy × follows between a and b × blocks, for
 * every path by which a reaches b — create a 1:1, create a group, add to a group, send into a
 * 1:1 that existed before the state changed, and share.
 */

type FollowState = 'none' | 'a→b' | 'b→a' | 'both'
type BlockState = 'none' | 'a blocks b' | 'b blocks a'

function expected(policy: MessagePolicy, follows: FollowState, blocks: BlockState): string {
  if (blocks !== 'none') return 'blocked'
  if (policy === 'nobody') return 'policy_nobody'
  if (policy === 'following') return follows === 'b→a' || follows === 'both' ? 'ok' : 'not_followed'
  return follows === 'both' ? 'ok' : 'not_mutual'
}

const outcome = (res: { statusCode: number; json(): { reason?: string } }, okStatus: number[]) =>
  okStatus.includes(res.statusCode)
    ? 'ok'
    : res.statusCode === 403
      ? res.json().reason
      : `HTTP ${res.statusCode}`

for (const dialect of DIALECTS) {
  describe(`messaging policy matrix [${dialect}]`, () => {
    let t: TestApp
    let a: TestUser, b: TestUser, c: TestUser, d: TestUser
    let pinId: string

    beforeAll(async () => {
      t = await messagingApp(dialect)
      ;[a, b, c, d] = [await signUp(t), await signUp(t), await signUp(t), await signUp(t)]
      pinId = (await createPin(t, a, await makeBoard(t, a))).id
    })
    afterAll(() => t.close())

    const ids = () => [a, b, c, d].map((u) => Number(u.id))

    async function reset() {
      await t.ctx.db.deleteFrom('conversations').execute()
      await t.ctx.db.deleteFrom('follows').where('follower_id', 'in', ids()).execute()
      await t.ctx.db.deleteFrom('blocks').where('blocker_id', 'in', ids()).execute()
      await t.ctx.db
        .updateTable('users')
        .set({ message_policy: 'mutual' })
        .where('id', 'in', ids())
        .execute()
      const people = [a, b, c, d]
      for (const x of people)
        for (const y of people) if (x !== y) await graphRow(t, 'follows', x, y)
    }

    async function apply(policy: MessagePolicy, follows: FollowState, blocks: BlockState) {
      await t.ctx.db
        .deleteFrom('follows')
        .where((eb) =>
          eb.or([
            eb.and([eb('follower_id', '=', Number(a.id)), eb('followee_id', '=', Number(b.id))]),
            eb.and([eb('follower_id', '=', Number(b.id)), eb('followee_id', '=', Number(a.id))]),
          ]),
        )
        .execute()
      if (follows === 'a→b' || follows === 'both') await graphRow(t, 'follows', a, b)
      if (follows === 'b→a' || follows === 'both') await graphRow(t, 'follows', b, a)
      if (blocks === 'a blocks b') await graphRow(t, 'blocks', a, b)
      if (blocks === 'b blocks a') await graphRow(t, 'blocks', b, a)
      await t.ctx.db
        .updateTable('users')
        .set({ message_policy: policy })
        .where('id', '=', Number(b.id))
        .execute()
    }

    for (const policy of ['mutual', 'following', 'nobody'] as const) {
      for (const follows of ['none', 'a→b', 'b→a', 'both'] as const) {
        for (const blocks of ['none', 'a blocks b', 'b blocks a'] as const) {
          it(`b: ${policy}; follows ${follows}; blocks ${blocks}`, async () => {
            await reset()
            // Made while everyone may message everyone: the 1:1, and a group to add b to.
            const pair = await conversationOf(a, b)
            const group = await conversationOf(a, c, d)
            await apply(policy, follows, blocks)
            const want = expected(policy, follows, blocks)

            const again = await createConversation(a, [b.username])
            expect(outcome(again, [200]), 'create 1:1').toBe(want)
            if (want === 'ok') expect(again.json().id).toBe(pair)

            const newGroup = await createConversation(a, [b.username, c.username])
            expect(outcome(newGroup, [201]), 'create group').toBe(want)

            const add = await a.call({
              method: 'POST',
              url: `/v5/conversations/${group}/participants`,
              payload: { usernames: [b.username] },
            })
            expect(outcome(add, [200]), 'add to group').toBe(want)

            expect(outcome(await send(a, pair), [201]), 'send into the 1:1').toBe(want)

            const share = await a.call({
              method: 'POST',
              url: '/v5/share',
              payload: {
                recipients: [{ username: b.username }],
                attachment: { type: 'pin', id: pinId },
                client_message_id: clientId(),
              },
            })
            expect(outcome(share, [201]), 'share').toBe(want)

            // Nothing was half-written by a refusal: the group has b only when allowed.
            const members = await t.ctx.db
              .selectFrom('conversation_members')
              .select('user_id')
              .where('conversation_id', '=', Number(group))
              .where('left_seq', 'is', null)
              .execute()
            expect(members.some((m) => String(m.user_id) === b.id)).toBe(want === 'ok')
          })
        }
      }
    }
  })
}
