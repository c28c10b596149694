import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { base64Source, png } from '../api/pin-fixtures'
import { DIALECTS } from '../support/dialects'
import { startOneInstance, type OneInstance } from '../support/one-instance'
import { api, followOver, mutualOver, type JsonBody } from '../support/server-process'
import type { SuiteStorage } from '../support/suite-storage'
import { freshUsername, signUp, type ApiUser } from '../support/users'
import { waitFor } from '../support/wait'

/**
 * Done-when 2: a thank-you run whose server is killed (SIGKILL) mid-way — twice — goes on
 * after each restart and finishes with every eligible participant thanked exactly once: no
 * duplicate, nobody missed.
 */

const ELIGIBLE = 27
/** participants who follow the brand without a follow back: skipped as not_mutual */
const NOT_MUTUAL = 3
const INTERVAL_MS = 50

interface Thanked {
  client_message_id: string
  conversation_id: number
  is_group: number
  pair_key: string | null
}

/** Every thank-you message of the promotion, read straight from the database. */
async function thankYousIn({ dir, schema }: SuiteStorage, promotionId: string) {
  const query = `select m.client_message_id, m.conversation_id, c.is_group, c.pair_key
    from messages m join conversations c on c.id = m.conversation_id
    where m.promotion_id = ${Number(promotionId)}`
  if (!schema) {
    const db = new Database(join(dir, 'corkboard.db'), { readonly: true })
    try {
      return db.prepare(query).all() as Thanked[]
    } finally {
      db.close()
    }
  }
  const client = await schema.client()
  try {
    return (await client.query(query)).rows as Thanked[]
  } finally {
    await client.end()
  }
}

/** Runs `fn` over `items`, `width` at a time. */
async function inBatches<T>(items: T[], width: number, fn: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(fn))
}

for (const dialect of DIALECTS) {
  describe(`thank-you run: SIGKILL mid-run [${dialect}]`, () => {
    let instance: OneInstance

    beforeAll(async () => {
      instance = await startOneInstance(dialect, 'thanks', {
        THANK_YOU_INTERVAL_MS: String(INTERVAL_MS),
      })
    })
    afterAll(() => instance?.stop())

    it(`killed twice while thanking ${ELIGIBLE + NOT_MUTUAL} participants, it finishes: each eligible one thanked once`, async () => {
      const { server, storage } = instance
      const ok = (what: string, res: { status: number; body: JsonBody }, status = 201) => {
        if (res.status !== status) {
          throw new Error(
            `${what}: ${res.status} ${JSON.stringify(res.body)}\n${server.output.slice(-10).join('\n')}`,
          )
        }
        return res.body
      }
      const call = (who: ApiUser, method: string, path: string, body?: unknown) =>
        api(server.url, method, path, { token: who.token, body })
      const boardOf = async (who: ApiUser) =>
        ok('board', await call(who, 'POST', '/v5/boards', { name: `board ${who.username}` }))
          .id as string

      const setupStarted = Date.now()
      const brand = await signUp(server.url, freshUsername('brand'), {
        account_type: 'BUSINESS',
        business_name: 'Crash Kettles',
      })
      const pin = ok(
        'pin',
        await call(brand, 'POST', '/v5/pins', {
          board_id: await boardOf(brand),
          title: 'The kettle',
          media_source: base64Source(await png()),
        }),
      ).id as string

      const eligible: ApiUser[] = []
      const people = Array.from({ length: ELIGIBLE + NOT_MUTUAL }, (_, i) => i)
      await inBatches(people, 6, async (i) => {
        const who = await signUp(server.url, freshUsername(`p${i}_`))
        if (i < ELIGIBLE) {
          await mutualOver(server.url, brand, who)
          eligible.push(who)
        } else await followOver(server.url, who, brand)
        ok(
          'save',
          await call(who, 'POST', `/v5/pins/${pin}/save`, { board_id: await boardOf(who) }),
        )
      })
      const today = new Date().toISOString().slice(0, 10)
      const promotion = ok(
        'promotion',
        await call(brand, 'POST', '/v5/promotions', {
          pin_id: pin,
          name: 'Crash test',
          start_date: today,
          end_date: today,
          counts: 'save',
        }),
      ).id as string

      const started = Date.now()
      const path = `/v5/promotions/${promotion}/thank_you`
      const run = ok(
        'start',
        await call(brand, 'POST', path, {
          template: 'Thanks {name}!',
          client_run_id: 'crash-run',
        }),
        202,
      )
      expect(run).toMatchObject({ status: 'running', total: ELIGIBLE + NOT_MUTUAL })
      const progress = async () => ok('progress', await call(brand, 'GET', path), 200)

      const killedAt: number[] = []
      const phases: string[] = [`setup ${started - setupStarted} ms`]
      for (const sentAtLeast of [6, 16]) {
        let at = Date.now()
        await waitFor(
          `${sentAtLeast} sent`,
          async () => Number((await progress()).sent) >= sentAtLeast,
          15_000,
        )
        phases.push(`to ${sentAtLeast} sent ${Date.now() - at} ms`)
        await server.kill('SIGKILL')
        killedAt.push(Number((await thankYousIn(storage, promotion)).length))
        at = Date.now()
        await server.start()
        phases.push(`restart ${Date.now() - at} ms`)
      }
      await waitFor('the run to finish', async () => (await progress()).status === 'done', 20_000)
      const done = await progress()
      console.info(
        `  thank-you crash [${dialect}]: killed after ${killedAt.join(' and ')} sent; done ${Date.now() - started} ms after the start (${phases.join(', ')})`,
      )
      expect(done).toMatchObject({
        sent: ELIGIBLE,
        skipped: { not_mutual: NOT_MUTUAL, blocked: 0, policy_nobody: 0, already_thanked: 0 },
        remaining: 0,
      })
      expect(killedAt[0]).toBeLessThan(ELIGIBLE)

      // exactly one thank-you per eligible participant, each in their own 1:1 with the brand
      const rows = await thankYousIn(storage, promotion)
      const expected = eligible.map((u) => `thank-you:${promotion}:${u.id}`).sort()
      expect(rows.map((r) => r.client_message_id).sort()).toEqual(expected)
      expect(new Set(rows.map((r) => Number(r.conversation_id))).size).toBe(ELIGIBLE)
      for (const r of rows) {
        expect(Number(r.is_group)).toBe(0)
        expect(r.pair_key?.split(':')).toContain(brand.id)
      }
    }, 60_000)
  })
}
