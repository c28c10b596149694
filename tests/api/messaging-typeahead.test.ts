import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MessagePolicy } from '../../protocol/api'
import type { MessagingCandidate } from '../../protocol/messages'
import { DIALECTS } from '../support/dialects'
import type { TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'
import { createConversation, messagingApp, mutual } from './messaging-fixtures'
import { block, follow, graphRow } from './pin-fixtures'

/**
 * The people picker's typeahead with `include_unavailable`: everyone named like the query, each
 * with whether the viewer may message them now and, if not, the messaging policy's own reason —
 * and never a person blocked either way, whatever path (prefix, typo, business name) finds them.
 */

type Row = Pick<MessagingCandidate, 'can_message' | 'reason' | 'follows_you' | 'is_following'>

for (const dialect of DIALECTS) {
  describe(`messaging typeahead: who you cannot message yet, and why [${dialect}]`, () => {
    let t: TestApp
    beforeAll(async () => {
      t = await messagingApp(dialect)
    })
    afterAll(() => t.close())

    /**
     * A prefix no other test's people share: random letters, so that people search's
     * 3-letter runs of one test's names hardly ever match another's.
     */
    const prefix = () =>
      Array.from(randomBytes(7), (b) => String.fromCharCode(97 + (b % 26))).join('')
    /** Only this test's people (a typo search may also offer others, named alike by chance). */
    const ours = (p: string, items: MessagingCandidate[]) =>
      items.filter((i) => i.username.startsWith(p) || i.username.startsWith(`zz${p}`))

    async function setPolicy(u: TestUser, policy: MessagePolicy) {
      const res = await u.call({
        method: 'PATCH',
        url: '/v5/user_account',
        payload: { message_policy: policy },
      })
      expect(res.statusCode, res.body).toBe(200)
    }

    async function typeahead(u: TestUser, query: string, includeUnavailable = true) {
      const res = await u.call({
        method: 'GET',
        url: `/v5/search/typeahead?query=${encodeURIComponent(query)}&page_size=50${includeUnavailable ? '&include_unavailable=true' : ''}`,
      })
      expect(res.statusCode, res.body).toBe(200)
      return res.json().items as MessagingCandidate[]
    }

    const byName = (items: MessagingCandidate[]): Record<string, Row> =>
      Object.fromEntries(
        items.map((i) => [
          i.username,
          {
            can_message: i.can_message,
            reason: i.reason,
            follows_you: i.follows_you,
            is_following: i.is_following,
          },
        ]),
      )

    it('lists people you cannot message yet with the reason, under each policy', async () => {
      const p = prefix()
      const me = await signUp(t, `${p}_me`)
      const friend = await signUp(t, `${p}_friend`) // mutual, policy mutual
      const fan = await signUp(t, `${p}_fan`) // follows me; I do not follow back
      const idol = await signUp(t, `${p}_idol`) // I follow them; they do not follow back
      const stranger = await signUp(t, `${p}_stranger`) // no follows either way
      const picky = await signUp(t, `${p}_picky`) // 'following': I follow them, not they me
      const pickyFan = await signUp(t, `${p}_pickyfan`) // 'following': they follow me
      const closed = await signUp(t, `${p}_closed`) // 'nobody', though we follow each other
      await mutual(t, me, friend, closed)
      await follow(t, fan, me)
      await follow(t, me, idol)
      await follow(t, me, picky)
      await follow(t, pickyFan, me)
      await setPolicy(picky, 'following')
      await setPolicy(pickyFan, 'following')
      await setPolicy(closed, 'nobody')

      const want: Record<string, Row> = {
        [friend.username]: {
          can_message: true,
          reason: null,
          follows_you: true,
          is_following: true,
        },
        [fan.username]: {
          can_message: false,
          reason: 'not_mutual',
          follows_you: true,
          is_following: false,
        },
        [idol.username]: {
          can_message: false,
          reason: 'not_mutual',
          follows_you: false,
          is_following: true,
        },
        [stranger.username]: {
          can_message: false,
          reason: 'not_mutual',
          follows_you: false,
          is_following: false,
        },
        [picky.username]: {
          can_message: false,
          reason: 'not_followed',
          follows_you: false,
          is_following: true,
        },
        [pickyFan.username]: {
          can_message: true,
          reason: null,
          follows_you: true,
          is_following: false,
        },
        [closed.username]: {
          can_message: false,
          reason: 'policy_nobody',
          follows_you: true,
          is_following: true,
        },
      }
      expect(byName(ours(p, await typeahead(me, p)))).toEqual(want)

      // Those the viewer may message come first among equally close names.
      const items = ours(p, await typeahead(me, `${p}_`))
      const firstUnavailable = items.findIndex((i) => !i.can_message)
      expect(firstUnavailable).toBe(2) // friend and pickyFan first
      expect(items.slice(firstUnavailable).every((i) => !i.can_message)).toBe(true)

      // Without include_unavailable: only people the viewer may message, as before.
      const plain = await typeahead(me, p, false)
      expect(plain.map((i) => i.username).sort()).toEqual(
        [friend.username, pickyFan.username].sort(),
      )
      expect(plain.every((i) => i.can_message && i.reason === null)).toBe(true)
    })

    it('says exactly what a send would: each listed person, tried, answers the same', async () => {
      const p = prefix()
      const me = await signUp(t, `${p}_me`)
      const a = await signUp(t, `${p}_a`)
      const b = await signUp(t, `${p}_b`)
      const c = await signUp(t, `${p}_c`)
      const d = await signUp(t, `${p}_d`)
      const e = await signUp(t, `${p}_e`)
      const f = await signUp(t, `${p}_f`)
      await mutual(t, me, a, d)
      await follow(t, b, me)
      await follow(t, me, c)
      await setPolicy(d, 'nobody')
      await follow(t, e, me)
      await setPolicy(e, 'following')
      await setPolicy(f, 'following')
      const items = ours(p, await typeahead(me, p))
      expect(items.map((i) => i.username).sort()).toEqual(
        [a, b, c, d, e, f].map((u) => u.username).sort(),
      )
      expect(items.filter((i) => i.can_message).length).toBe(2)
      for (const item of items) {
        const res = await createConversation(me, [item.username])
        const outcome = res.statusCode === 403 ? res.json().reason : res.statusCode
        expect(outcome, item.username).toBe(item.can_message ? 201 : item.reason)
      }
    })

    it('following back enables the person in place', async () => {
      const p = prefix()
      const me = await signUp(t, `${p}_me`)
      const fan = await signUp(t, `${p}_fan`)
      await follow(t, fan, me)
      const [before] = await typeahead(me, fan.username)
      expect(before).toMatchObject({
        username: fan.username,
        can_message: false,
        reason: 'not_mutual',
        follows_you: true,
        is_following: false,
      })
      await follow(t, me, fan)
      const [after] = await typeahead(me, fan.username)
      expect(after).toMatchObject({
        username: fan.username,
        can_message: true,
        reason: null,
        is_following: true,
      })
      expect((await createConversation(me, [fan.username])).statusCode).toBe(201)
    })

    it('never lists someone blocked either way: by prefix, typo or business name', async () => {
      const p = prefix()
      const me = await signUp(t, `${p}_me`)
      const control = await signUp(t, `${p}_olivia`)
      // Follows kept beside the block (rows written directly): only the block hides them.
      const iBlocked = await signUp(t, `${p}_oscar`)
      const blocksMe = await signUp(t, `${p}_otto`)
      for (const u of [iBlocked, blocksMe]) {
        await graphRow(t, 'follows', me, u)
        await graphRow(t, 'follows', u, me)
      }
      await graphRow(t, 'blocks', me, iBlocked)
      await graphRow(t, 'blocks', blocksMe, me)
      // Strangers, blocked through the API as a person would.
      const strangerIBlocked = await signUp(t, `${p}_orla`)
      const strangerBlocksMe = await signUp(t, `${p}_oona`)
      await block(t, me, strangerIBlocked)
      await block(t, strangerBlocksMe, me)
      const brand = await signUp(t, `zz${p}_brand`, {
        account_type: 'BUSINESS',
        business_name: `${p} Outfitters`,
      })
      await block(t, brand, me)

      const hidden = [iBlocked, blocksMe, strangerIBlocked, strangerBlocksMe, brand].map(
        (u) => u.username,
      )
      for (const query of [
        p,
        `${p}_o`,
        `${p}_oscar`,
        `${p}_otto`,
        `${p}_oscra`, // typos: found by people search's trigrams, not by prefix
        `${p}_otot`,
        `${p}_oona`,
        `${p} outfitters`,
      ]) {
        for (const include of [true, false]) {
          const names = (await typeahead(me, query, include)).map((i) => i.username)
          for (const h of hidden) expect(names, `${query} (${include})`).not.toContain(h)
        }
      }
      // The same paths do find someone not blocked.
      expect(ours(p, await typeahead(me, `${p}_o`)).map((i) => i.username)).toEqual([
        control.username,
      ])
      expect((await typeahead(me, `${p}_olvia`)).map((i) => i.username)).toContain(control.username)
      // And the other side sees nothing of the viewer either.
      for (const u of [iBlocked, blocksMe, strangerIBlocked, strangerBlocksMe, brand]) {
        expect((await typeahead(u, me.username)).map((i) => i.username)).not.toContain(me.username)
      }
    })

    it('offers strangers by name or a typo away, not for sharing three letters', async () => {
      const p = prefix()
      const me = await signUp(t, `${p}_me`)
      const near = await signUp(t, `${p}_dora`)
      const far = await signUp(t, `${p}_d`) // a word "d": shares "  d" with any query on d…
      const names = async (q: string) => (await typeahead(me, q)).map((i) => i.username)
      expect(await names(`${p}_dorra`)).toContain(near.username)
      expect(await names('dxqz')).not.toContain(far.username)
      expect(await names('dxqz')).not.toContain(near.username)
    })

    it('a business is found by its business name, with its reason', async () => {
      const p = prefix()
      const me = await signUp(t, `${p}_me`)
      const brand = await signUp(t, `zz${p}_shop`, {
        account_type: 'BUSINESS',
        business_name: `${p} Lanterns`,
      })
      await follow(t, me, brand)
      const items = ours(p, await typeahead(me, `${p} lan`))
      expect(byName(items)).toEqual({
        [brand.username]: {
          can_message: false,
          reason: 'not_mutual',
          follows_you: false,
          is_following: true,
        },
      })
    })
  })
}
