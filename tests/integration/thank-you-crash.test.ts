import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { base64Source, png } from '../api/pin-fixtures'
import { DIALECTS } from '../support/dialects'
import { startOneInstance, type OneInstance } from '../support/one-instance'
import { api, type JsonBody } from '../support/server-process'
import type { SuiteStorage } from '../support/suite-storage'
import { freshUsername, signUp, type ApiUser } from '../support/users'
import { waitFor } from '../support/wait'

/**
 * Done-when 2: a thank-you run whose server is killed (SIGKILL) mid-way goes on once it is
 * started again on the same database, and finishes with every eligible participant thanked
 * exactly once: no duplicate, nobody missed. (The participants, their follows and their saves
 * of the pin go straight into the database: the API would take most of the suite's time.)
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

/** A database session on the suite's storage: SQLite's file, or its PostgreSQL schema. */
async function openSql({ dir, schema }: SuiteStorage) {
  if (!schema) {
    const db = new Database(join(dir, 'corkboard.db'))
    db.pragma('busy_timeout = 5000')
    return {
      one: async (q: string, params: unknown[] = []) =>
        db.prepare(q.replace(/\$\d+/g, '?')).get(...params) as Record<string, unknown>,
      close: async () => void db.close(),
    }
  }
  const client = await schema.client()
  return {
    one: async (q: string, params: unknown[] = []) =>
      (await client.query(q, params)).rows[0] as Record<string, unknown>,
    close: () => client.end(),
  }
}

/**
 * `count` people who saved the brand's pin today: the first `eligible` follow the brand and
 * it them, the rest only follow the brand. Answers the eligible ones' ids.
 */
async function seedParticipants(
  storage: SuiteStorage,
  brandId: string,
  pinId: string,
  count: number,
  eligible: number,
): Promise<string[]> {
  const sql = await openSql(storage)
  const ids: string[] = []
  try {
    const now = new Date().toISOString()
    for (let i = 0; i < count; i++) {
      const name = freshUsername(`p${i}_`)
      const user = await sql.one(
        `insert into users (username, email, password_hash, account_type, about, message_policy, created_at)
         values ($1, $2, 'x', 'PINNER', '', 'mutual', $3) returning id`,
        [name, `${name}@example.com`, now],
      )
      const id = Number(user.id)
      const board = await sql.one(
        `insert into boards (owner_id, name, description, privacy, created_at)
         values ($1, 'saved', '', 'PUBLIC', $2) returning id`,
        [id, now],
      )
      await sql.one(
        `insert into pins (owner_id, board_id, board_section_id, secret, title, description, link,
           alt_text, media_key, parent_pin_id, source_domain, save_count, like_count, click_count,
           created_at)
         select $1, $2, null, 0, title, description, link, alt_text, media_key, id, source_domain,
           0, 0, 0, $3 from pins where id = $4 returning id`,
        [id, Number(board.id), now, Number(pinId)],
      )
      const follow = `insert into follows (follower_id, followee_id, created_at) values ($1, $2, $3) returning follower_id`
      await sql.one(follow, [id, Number(brandId), now])
      if (i < eligible) {
        await sql.one(follow, [Number(brandId), id, now])
        ids.push(String(id))
      }
    }
  } finally {
    await sql.close()
  }
  return ids
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

    it(`killed while thanking ${ELIGIBLE + NOT_MUTUAL} participants, it finishes after a restart: each eligible one thanked once`, async () => {
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

      const eligible = await seedParticipants(
        storage,
        brand.id,
        pin,
        ELIGIBLE + NOT_MUTUAL,
        ELIGIBLE,
      )
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

      // killed mid-way, while it thanks someone or waits for its pace
      let at = Date.now()
      await waitFor('10 sent', async () => Number((await progress()).sent) >= 10, 15_000)
      const phases = [`setup ${started - setupStarted} ms`, `to 10 sent ${Date.now() - at} ms`]
      await server.kill('SIGKILL')
      const killedAt = (await thankYousIn(storage, promotion)).length
      at = Date.now()
      await server.start()
      phases.push(`restart ${Date.now() - at} ms`)
      at = Date.now()
      await waitFor('the run to finish', async () => (await progress()).status === 'done', 20_000)
      phases.push(`then done in ${Date.now() - at} ms`)
      const done = await progress()
      console.info(
        `  thank-you crash [${dialect}]: killed after ${killedAt} of ${ELIGIBLE} sent; ${phases.join(', ')}`,
      )
      expect(done).toMatchObject({
        sent: ELIGIBLE,
        skipped: { not_mutual: NOT_MUTUAL, blocked: 0, policy_nobody: 0, already_thanked: 0 },
        remaining: 0,
      })
      expect(killedAt).toBeLessThan(ELIGIBLE)

      // exactly one thank-you per eligible participant, each in their own 1:1 with the brand
      const rows = await thankYousIn(storage, promotion)
      const expected = eligible.map((id) => `thank-you:${promotion}:${id}`).sort()
      expect(rows.map((r) => r.client_message_id).sort()).toEqual(expected)
      expect(new Set(rows.map((r) => Number(r.conversation_id))).size).toBe(ELIGIBLE)
      for (const r of rows) {
        expect(Number(r.is_group)).toBe(0)
        expect(r.pair_key?.split(':')).toContain(brand.id)
      }
    }, 60_000)
  })
}
