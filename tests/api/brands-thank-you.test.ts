import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SCOPES } from '../../protocol/api'
import type { ServerEvent } from '../../protocol/messages'
import { DIALECTS } from '../support/dialects'
import { listenForStream, StreamClient } from '../support/stream-client'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, freshUsername, signUp, type TestUser } from '../support/users'
import { sleep, waitFor } from '../support/wait'
import { HIGH_LIMITS } from './messaging-fixtures'
import { createPin, graphRow, makeBoard } from './pin-fixtures'

type Run = Extract<ServerEvent, { type: 'promotion.run' }>['run']

const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

/**
 * Thank-you runs (issue 13): one individual 1:1 message to each participant the messaging
 * rules let the brand write to, never twice for one promotion, at the brand's pace, with
 * live progress to the brand's sockets that may read ads; pause and resume.
 */
for (const dialect of DIALECTS) {
  describe(`thank-you runs [${dialect}]`, () => {
    let t: TestApp
    let url: string
    let brand: TestUser
    let rival: TestUser
    let pinner: TestUser
    let pinId: string
    /** may be thanked: mutual follows with the brand */
    let fans: TestUser[]
    /** mutual with the brand, and already in a group with it */
    let grouped: TestUser
    let group: string
    let onlyFollows: TestUser
    let blocker: TestUser
    let closed: TestUser
    let n = 0

    const api = (who: TestUser, method: 'GET' | 'POST' | 'PATCH', path: string, payload?: object) =>
      callAs(t, who, { method, url: path, ...(payload ? { payload } : {}) })

    async function promotion() {
      const res = await api(brand, 'POST', '/v5/promotions', {
        pin_id: pinId,
        name: `promo ${++n}`,
        start_date: day(-1),
        end_date: day(1),
        counts: 'either',
      })
      expect(res.statusCode, res.body).toBe(201)
      return res.json().id as string
    }

    const start = (promotionId: string, body: object = {}) =>
      api(brand, 'POST', `/v5/promotions/${promotionId}/thank_you`, {
        template: 'Thank you, {name} (@{username})!',
        client_run_id: `run-${++n}`,
        ...body,
      })

    const latest = async (promotionId: string) => {
      const res = await api(brand, 'GET', `/v5/promotions/${promotionId}/thank_you`)
      expect(res.statusCode, res.body).toBe(200)
      return res.json() as Run
    }

    const until = async (promotionId: string, status: Run['status']) => {
      await waitFor(
        `the run to be ${status}`,
        async () => (await latest(promotionId)).status === status,
      )
      return latest(promotionId)
    }

    /** The thank-you messages of a promotion, with their conversation. */
    const thankYous = (promotionId: string) =>
      t.ctx.db
        .selectFrom('messages as m')
        .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
        .select([
          'm.id',
          'm.sender_id',
          'm.text',
          'c.id as conversation_id',
          'c.is_group',
          'c.pair_key',
        ])
        .where('m.promotion_id', '=', Number(promotionId))
        .execute()

    async function participant(prefix: string, how: 'save' | 'send' = 'save') {
      const u = await signUp(t, freshUsername(prefix))
      if (how === 'save') {
        const board = await makeBoard(t, u)
        const res = await api(u, 'POST', `/v5/pins/${pinId}/save`, { board_id: board })
        expect(res.statusCode, res.body).toBe(201)
      }
      return u
    }

    const mutual = async (a: TestUser, b: TestUser) => {
      await graphRow(t, 'follows', a, b)
      await graphRow(t, 'follows', b, a)
    }

    beforeAll(async () => {
      t = await createTestApp(
        dialect,
        { THANK_YOU_INTERVAL_MS: '20' },
        {
          overrides: {
            // a failing step is tried 3 times, 20 ms and 40 ms apart, then given up
            jobs: { pollMs: 50, retryBaseMs: 20, retryMaxMs: 50, maxAttempts: 3 },
            messaging: { limits: HIGH_LIMITS },
          },
        },
      )
      url = await listenForStream(t)
      brand = await signUp(t, freshUsername('brand'), {
        account_type: 'BUSINESS',
        business_name: 'Kettle & Co',
      })
      rival = await signUp(t, freshUsername('rival'), {
        account_type: 'BUSINESS',
        business_name: 'Rival Pots',
      })
      pinner = await signUp(t, freshUsername('pinner'))
      pinId = (await createPin(t, brand, await makeBoard(t, brand), { title: 'Blue kettle' })).id
      fans = []
      for (let i = 0; i < 6; i++) {
        const fan = await participant(`fan${i}_`)
        await mutual(brand, fan)
        fans.push(fan)
      }
      // takes part by sending the pin in a group the brand is in
      grouped = await participant('grouped', 'send')
      await mutual(brand, grouped)
      await mutual(grouped, fans[0]!)
      const made = await api(brand, 'POST', '/v5/conversations', {
        participants: [grouped.username, fans[0]!.username],
      })
      expect(made.statusCode, made.body).toBe(201)
      group = made.json().id
      const sent = await api(grouped, 'POST', `/v5/conversations/${group}/messages`, {
        client_message_id: 'share-the-kettle',
        attachment: { type: 'pin', id: pinId },
      })
      expect(sent.statusCode, sent.body).toBe(201)
      onlyFollows = await participant('follower')
      await graphRow(t, 'follows', onlyFollows, brand)
      blocker = await participant('blocker')
      await mutual(brand, blocker)
      await graphRow(t, 'blocks', blocker, brand)
      closed = await participant('closed')
      await mutual(brand, closed)
      const policy = await api(closed, 'PATCH', '/v5/user_account', {
        message_policy: 'nobody',
      })
      expect(policy.statusCode, policy.body).toBe(200)
    }, 120_000)
    afterAll(() => t?.close())

    it('thanks every participant who may be messaged once, in a 1:1, and skips the rest with the reason; live progress to the brand only', async () => {
      const noAdsToken = await brand.call({
        method: 'POST',
        url: '/v5/user_account/tokens',
        payload: { name: 'no ads', scopes: SCOPES.filter((s) => !s.startsWith('ads:')) },
      })
      expect(noAdsToken.statusCode, noAdsToken.body).toBe(201)
      const brandSocket = await StreamClient.ready(url, brand.token)
      const noAdsSocket = await StreamClient.ready(url, noAdsToken.json().token)
      const rivalSocket = await StreamClient.ready(url, rival.token)
      const fanSocket = await StreamClient.ready(url, fans[1]!.token)

      const promo = await promotion()
      const res = await start(promo, { client_run_id: 'first' })
      expect(res.statusCode, res.body).toBe(202)
      const run = res.json() as Run
      expect(run).toMatchObject({
        promotion_id: promo,
        total: 10,
        template: 'Thank you, {name} (@{username})!',
      })
      // the same client_run_id again: that run, not a second one
      const again = await start(promo, { client_run_id: 'first', template: 'another' })
      expect(again.statusCode).toBe(200)
      expect(again.json().id).toBe(run.id)

      const done = await until(promo, 'done')
      expect(done).toMatchObject({
        id: run.id,
        sent: 7,
        skipped: { not_mutual: 1, blocked: 1, policy_nobody: 1, already_thanked: 0 },
        remaining: 0,
        total: 10,
      })
      expect(done.finished_at).not.toBeNull()

      const messages = await thankYous(promo)
      expect(messages).toHaveLength(7)
      const recipients = [...fans, grouped]
      for (const who of recipients) {
        const mine = messages.filter((m) => m.pair_key?.split(':').includes(who.id))
        expect(mine, who.username).toHaveLength(1)
        expect(Number(mine[0]!.is_group)).toBe(0)
        expect(mine[0]!.text).toBe(`Thank you, ${who.username} (@${who.username})!`)
        expect(String(mine[0]!.sender_id)).toBe(brand.id)
      }
      // the group the brand shares with one of them got nothing
      expect(messages.some((m) => String(m.conversation_id) === group)).toBe(false)
      const thanked = await t.ctx.db
        .selectFrom('promotion_thanks')
        .select('user_id')
        .where('promotion_id', '=', Number(promo))
        .execute()
      expect(thanked.map((r) => String(r.user_id)).sort()).toEqual(
        recipients.map((u) => u.id).sort(),
      )

      // the participant sees it as it is sent, with the promotion named
      await fanSocket.until((e) => e.some((x) => x.type === 'message.created'))
      expect(fanSocket.messages()[0]).toMatchObject({
        promotion_id: promo,
        sender: { username: brand.username },
        text: `Thank you, ${fans[1]!.username} (@${fans[1]!.username})!`,
      })
      // progress frames to the brand's socket with ads:read, to no one else
      await brandSocket.until((e) =>
        e.some((x) => x.type === 'promotion.run' && x.run.status === 'done'),
      )
      const frames = brandSocket.events.flatMap((e) => (e.type === 'promotion.run' ? [e.run] : []))
      expect(frames.length).toBeGreaterThan(3)
      expect(frames.every((f) => f.id === run.id)).toBe(true)
      const sentSeen = frames.map((f) => f.sent)
      expect(sentSeen).toEqual([...sentSeen].sort((a, b) => a - b))
      await sleep(200)
      for (const other of [noAdsSocket, rivalSocket, fanSocket]) {
        expect(other.events.filter((e) => e.type === 'promotion.run')).toEqual([])
      }
      for (const s of [brandSocket, noAdsSocket, rivalSocket, fanSocket]) s.close()
    })

    it('a second run sends nothing new: everyone is skipped, at once', async () => {
      const promo = await promotion()
      await start(promo)
      await until(promo, 'done')
      const res = await start(promo)
      expect(res.statusCode).toBe(202)
      expect(res.json()).toMatchObject({
        status: 'done',
        sent: 0,
        skipped: { not_mutual: 1, blocked: 1, policy_nobody: 1, already_thanked: 7 },
        remaining: 0,
      })
      expect(await thankYous(promo)).toHaveLength(7)
    })

    it('pause stops sending; resume finishes the run, each participant still thanked once', async () => {
      const promo = await promotion()
      const run = (await start(promo)).json() as Run
      const paused = await api(brand, 'POST', `/v5/promotions/${promo}/thank_you/${run.id}/pause`)
      expect(paused.statusCode, paused.body).toBe(200)
      expect(paused.json().status).toBe('paused')
      await sleep(300)
      const still = await latest(promo)
      expect(still.status).toBe('paused')
      expect(still.remaining).toBeGreaterThan(0)
      expect((await thankYous(promo)).length).toBe(still.sent)
      // pausing again changes nothing
      const twice = await api(brand, 'POST', `/v5/promotions/${promo}/thank_you/${run.id}/pause`)
      expect(twice.json()).toMatchObject({ status: 'paused', sent: still.sent })

      const resumed = await api(brand, 'POST', `/v5/promotions/${promo}/thank_you/${run.id}/resume`)
      expect(resumed.statusCode, resumed.body).toBe(200)
      expect(resumed.json().status).toBe('running')
      const done = await until(promo, 'done')
      expect(done).toMatchObject({ sent: 7, remaining: 0 })
      const messages = await thankYous(promo)
      expect(messages).toHaveLength(7)
      expect(new Set(messages.map((m) => m.conversation_id)).size).toBe(7)
    })

    /** Makes every thank-you fail in the database (a step that can only fail), or stops that. */
    async function refuseThanks(refuse: boolean) {
      if (dialect === 'sqlite') {
        await sql`${sql.raw(
          refuse
            ? "create trigger refuse_thanks before insert on promotion_thanks begin select raise(abort, 'refused'); end"
            : 'drop trigger refuse_thanks',
        )}`.execute(t.ctx.db)
        return
      }
      if (refuse) {
        await sql`create or replace function refuse_thanks() returns trigger language plpgsql as $$ begin raise exception 'refused'; end $$`.execute(
          t.ctx.db,
        )
        await sql`create trigger refuse_thanks before insert on promotion_thanks for each row execute function refuse_thanks()`.execute(
          t.ctx.db,
        )
      } else await sql`drop trigger refuse_thanks on promotion_thanks`.execute(t.ctx.db)
    }

    it('a step that fails for good pauses its run; resuming thanks the one it failed on', async () => {
      const promo = await promotion()
      await refuseThanks(true)
      let run: Run
      try {
        run = (await start(promo)).json() as Run
        const paused = await until(promo, 'paused')
        expect(paused.sent).toBe(0)
        expect(paused.remaining).toBeGreaterThanOrEqual(7)
      } finally {
        await refuseThanks(false)
      }
      expect(await thankYous(promo)).toHaveLength(0)
      const resumed = await api(brand, 'POST', `/v5/promotions/${promo}/thank_you/${run.id}/resume`)
      expect(resumed.statusCode, resumed.body).toBe(200)
      expect(await until(promo, 'done')).toMatchObject({ sent: 7, remaining: 0 })
      expect(await thankYous(promo)).toHaveLength(7)
    })

    it('keeps the pace: one message per interval per brand', async () => {
      const promo = await promotion()
      await start(promo)
      await until(promo, 'done')
      const times = await t.ctx.db
        .selectFrom('promotion_thanks')
        .select('thanked_at')
        .where('promotion_id', '=', Number(promo))
        .orderBy('thanked_at')
        .execute()
      const at = times.map((r) => Date.parse(r.thanked_at))
      for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(20)
    })

    it('is the owning business’s only: pinners 403 not_business, other brands 404; bad input 400', async () => {
      const promo = await promotion()
      const path = `/v5/promotions/${promo}/thank_you`
      expect((await api(brand, 'GET', path)).statusCode).toBe(404)
      for (const method of ['GET', 'POST'] as const) {
        const asPinner = await api(
          pinner,
          method,
          path,
          method === 'POST' ? { template: 'hi', client_run_id: 'x' } : undefined,
        )
        expect(asPinner.statusCode).toBe(403)
        expect(asPinner.json().reason).toBe('not_business')
        const asRival = await api(
          rival,
          method,
          path,
          method === 'POST' ? { template: 'hi', client_run_id: 'x' } : undefined,
        )
        expect(asRival.statusCode).toBe(404)
      }
      const run = (await start(promo)).json() as Run
      for (const action of ['pause', 'resume']) {
        expect((await api(rival, 'POST', `${path}/${run.id}/${action}`)).statusCode).toBe(404)
        expect((await api(brand, 'POST', `${path}/999999/${action}`)).statusCode).toBe(404)
      }
      expect((await api(rival, 'GET', path)).statusCode).toBe(404)

      const bad = async (body: object, status = 400) => {
        const res = await start(promo, body)
        expect(res.statusCode, res.body).toBe(status)
        return res.json()
      }
      await bad({ template: '   ' })
      await bad({ template: 'x'.repeat(1001) })
      await bad({ template: '{name}'.repeat(100) })
      const rivalPin = (await createPin(t, rival, await makeBoard(t, rival))).id
      expect((await bad({ attachment: { type: 'pin', id: rivalPin } }, 403)).reason).toBe(
        'not_owner',
      )
      const secret = await makeBoard(t, brand, 'SECRET')
      await bad({ attachment: { type: 'board', id: secret } })
      // the brand's own public pin is fine
      const ok = await start(promo, { attachment: { type: 'pin', id: pinId } })
      expect(ok.statusCode, ok.body).toBe(202)
    })

    it('a promotion nobody took part in is done at once', async () => {
      const board = await makeBoard(t, brand)
      const lonely = (await createPin(t, brand, board)).id
      const res = await api(brand, 'POST', '/v5/promotions', {
        pin_id: lonely,
        name: 'nobody came',
        start_date: day(-1),
        end_date: day(1),
        counts: 'save',
      })
      const started = await start(res.json().id)
      expect(started.statusCode).toBe(202)
      expect(started.json()).toMatchObject({ status: 'done', total: 0, sent: 0, remaining: 0 })
    })

    it('a brand that becomes a personal account mid-run thanks nobody more: its run pauses', async () => {
      const promo = await promotion()
      const run = (await start(promo)).json() as Run
      await api(brand, 'POST', `/v5/promotions/${promo}/thank_you/${run.id}/pause`)
      const before = await latest(promo)
      const brandId = Number(brand.id)
      await t.ctx.db
        .updateTable('users')
        .set({ account_type: 'PINNER' })
        .where('id', '=', brandId)
        .execute()
      try {
        // the chain's next step comes due while the account is personal
        const at = await t.ctx.db
          .updateTable('promotion_runs')
          .set({ status: 'running' })
          .where('id', '=', Number(run.id))
          .returning('step')
          .executeTakeFirstOrThrow()
        await t.ctx.jobs.enqueue(t.ctx.db, 'promotion.thank', {
          runId: Number(run.id),
          step: Number(at.step),
        })
        await waitFor('the run to pause', async () => {
          const row = await t.ctx.db
            .selectFrom('promotion_runs')
            .select('status')
            .where('id', '=', Number(run.id))
            .executeTakeFirstOrThrow()
          return row.status === 'paused'
        })
        expect((await thankYous(promo)).length).toBe(before.sent)
      } finally {
        await t.ctx.db
          .updateTable('users')
          .set({ account_type: 'BUSINESS' })
          .where('id', '=', brandId)
          .execute()
      }
    })
  })
}
