import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApiWorld, fillPath } from '../support/api-world'
import { loadContract, type Contract } from '../support/contract'
import { databaseSnapshot } from '../support/db-snapshot'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import { waitFor } from '../support/wait'
import { base64Source, png } from './pin-fixtures'

/**
 * Conventions every endpoint keeps, checked over the whole OpenAPI description rather than
 * endpoint by endpoint: no GET changes state, a read-only token cannot write, and every answer
 * seen here is one the document describes (status and body schema, see support/contract.ts).
 */

interface Operation {
  method: string
  path: string
}

async function operations(t: TestApp): Promise<Operation[]> {
  const spec = (await t.app.inject('/docs/json')).json() as {
    paths: Record<string, Record<string, unknown>>
  }
  return Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.keys(ops)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((method) => ({ method: method.toUpperCase(), path })),
  )
}

/**
 * Sign-up and log-in take no credentials; an email's unsubscribe link is its own credential
 * (an HMAC of the account, see digests-smtp.test.ts): neither takes a session or a token.
 */
const signedByLink = (path: string) => path.startsWith('/v5/auth/') || path.startsWith('/v5/email/')

for (const dialect of DIALECTS) {
  describe(`API conventions over every endpoint [${dialect}]`, () => {
    let t: TestApp
    let ana: TestUser
    let bo: TestUser
    let contract: Contract
    let ids: Record<string, string> = {}
    const fill = (path: string) => fillPath(path, ids)

    beforeAll(async () => {
      t = await createTestApp(dialect)
      contract = await loadContract(t.app)
      ;({ ana, bo, ids } = await buildApiWorld(t))
    })
    afterAll(() => t.close())

    /** what a read may change: a business's pin shown counts an impression or a close-up */
    const withoutViewCounts = (snapshot: Record<string, unknown[]>) =>
      Object.fromEntries(
        Object.entries(snapshot).filter(
          ([table]) => !['analytics_pin_days', 'analytics_owner_days'].includes(table),
        ),
      )

    it('no GET changes state (the tracked /source redirect and view counts aside)', async () => {
      const gets = (await operations(t)).filter(
        (op) => op.method === 'GET' && op.path.startsWith('/v5/') && !op.path.endsWith('/source'),
      )
      expect(gets.length).toBeGreaterThan(15)
      const before = await databaseSnapshot(t)
      for (const op of gets) {
        const url = fill(op.path)
        for (const res of [
          await ana.call({ method: 'GET', url }),
          await callAs(t, bo, { method: 'GET', url }),
          await t.app.inject({ method: 'GET', url }),
        ]) {
          expect(res.statusCode, `${op.path} → ${res.body}`).toBeLessThan(500)
          contract.check(op.method, op.path, res)
        }
      }
      expect(withoutViewCounts(await databaseSnapshot(t))).toEqual(withoutViewCounts(before))
    })

    it('a token with only read scopes gets 403 on every write endpoint', async () => {
      const created = await ana.call({
        method: 'POST',
        url: '/v5/user_account/tokens',
        payload: {
          name: 'read only',
          scopes: ['pins:read', 'boards:read', 'user_accounts:read', 'messages:read'],
        },
      })
      const readOnly = created.json().token as string
      const writes = (await operations(t)).filter(
        (op) => op.method !== 'GET' && op.path.startsWith('/v5/') && !signedByLink(op.path),
      )
      expect(writes.length).toBeGreaterThan(15)
      const before = await databaseSnapshot(t)
      for (const op of writes) {
        const res = await t.app.inject({
          method: op.method as 'POST',
          url: fill(op.path),
          headers: { authorization: `Bearer ${readOnly}` },
          payload: {},
        })
        expect(res.statusCode, `${op.method} ${op.path}`).toBe(403)
        expect(res.json()).toMatchObject({ code: 403, reason: 'insufficient_scope' })
        contract.check(op.method, op.path, res)
      }
      expect(await databaseSnapshot(t)).toEqual(before)
    })

    it('every endpoint without credentials answers 401 or serves public content only', async () => {
      for (const op of await operations(t)) {
        if (!op.path.startsWith('/v5/') || signedByLink(op.path)) continue
        // searches need their one required parameter to say anything
        const search = op.path.startsWith('/v5/search/') ? '?query=tent' : ''
        const res = await t.app.inject({
          method: op.method as 'GET',
          url: fill(op.path) + search,
          payload: op.method === 'GET' ? undefined : {},
        })
        if (op.method !== 'GET') expect(res.statusCode, `${op.method} ${op.path}`).toBe(401)
        else expect([200, 302, 401, 404], `${op.path}`).toContain(res.statusCode)
        contract.check(op.method, op.path, res)
      }
    })
    it('every operation, called as a client would, answers what the contract says', async () => {
      const covered = new Set<string>()
      const carl = await signUp(t)
      const dan = await signUp(t)
      /** Calls a documented operation (path template filled from `values`) and checks the answer. */
      const call = async (
        who: TestUser | null,
        method: string,
        template: string,
        values: Record<string, string> = {},
        opts: Omit<InjectOptions, 'method' | 'url'> & { query?: string } = {},
      ): Promise<LightMyRequestResponse> => {
        const url =
          template.replace(/\{(\w+)\}/g, (_m, name: string) =>
            encodeURIComponent(values[name] ?? ids[name] ?? '1'),
          ) + (opts.query ? `?${opts.query}` : '')
        const inject = { ...opts, method: method as 'GET', url }
        const res = await (who ? who.call(inject) : t.app.inject(inject))
        expect(res.statusCode, `${method} ${url} → ${res.body}`).toBeLessThan(400)
        contract.check(method, template, res)
        covered.add(`${method} ${template}`)
        return res
      }

      // accounts and auth
      await call(
        null,
        'POST',
        '/v5/auth/signup',
        {},
        {
          payload: {
            username: `walk_${dialect}`,
            email: `walk_${dialect}@example.com`,
            password: 'correct horse battery',
          },
          remoteAddress: '10.200.0.1',
        },
      )
      await call(
        null,
        'POST',
        '/v5/auth/login',
        {},
        {
          payload: { username_or_email: ana.username, password: 'correct horse battery' },
          remoteAddress: '10.200.0.2',
        },
      )
      await call(ana, 'GET', '/v5/auth/session')
      await call(ana, 'GET', '/v5/user_account')
      await call(ana, 'PATCH', '/v5/user_account', {}, { payload: { about: 'Tents and trails' } })
      await call(
        ana,
        'PUT',
        '/v5/user_account/avatar',
        {},
        { payload: base64Source(await png(80, 80)) },
      )
      await call(ana, 'GET', '/v5/user_account/tokens')
      const spare = await ana.call({
        method: 'POST',
        url: '/v5/user_account/tokens',
        payload: { name: 'spare', scopes: ['pins:read'] },
      })
      contract.check('POST', '/v5/user_account/tokens', spare)
      covered.add('POST /v5/user_account/tokens')
      await call(ana, 'DELETE', '/v5/user_account/tokens/{token_id}', { token_id: spare.json().id })
      await call(null, 'GET', '/v5/users/{username}')
      await call(bo, 'GET', '/v5/users/{username}')

      // people
      await call(ana, 'POST', '/v5/user_account/following/{username}', { username: bo.username })
      await call(ana, 'POST', '/v5/user_account/following/{username}', { username: carl.username })
      await call(carl, 'POST', '/v5/user_account/following/{username}', { username: ana.username })
      await call(ana, 'POST', '/v5/user_account/following/{username}', { username: dan.username })
      await call(dan, 'POST', '/v5/user_account/following/{username}', { username: ana.username })
      for (const list of ['followers', 'following', 'blocks']) {
        await call(ana, 'GET', `/v5/user_account/${list}`)
      }
      await call(null, 'GET', '/v5/users/{username}/followers')
      await call(null, 'GET', '/v5/users/{username}/following')
      await call(carl, 'POST', '/v5/users/{username}/block', { username: dan.username })
      await call(carl, 'GET', '/v5/user_account/blocks')
      await call(carl, 'DELETE', '/v5/users/{username}/block', { username: dan.username })
      await call(dan, 'DELETE', '/v5/user_account/following/{username}', { username: ana.username })
      await call(dan, 'POST', '/v5/user_account/following/{username}', { username: ana.username })

      // boards and sections
      await call(ana, 'GET', '/v5/boards')
      const board = await call(
        ana,
        'POST',
        '/v5/boards',
        {},
        { payload: { name: 'Walk board', description: null } },
      )
      const walkBoard = board.json().id as string
      await call(null, 'GET', '/v5/boards/{board_id}')
      await call(
        ana,
        'PATCH',
        '/v5/boards/{board_id}',
        { board_id: walkBoard },
        { payload: { description: 'More' } },
      )
      await call(bo, 'POST', '/v5/boards/{board_id}/follow')
      await call(bo, 'GET', '/v5/user_account/following/boards')
      await call(bo, 'DELETE', '/v5/boards/{board_id}/follow')
      await call(null, 'GET', '/v5/users/{username}/boards')
      await call(null, 'GET', '/v5/boards/{board_id}/sections')
      const section = await call(
        ana,
        'POST',
        '/v5/boards/{board_id}/sections',
        { board_id: walkBoard },
        { payload: { name: 'Old' } },
      )
      const walkSection = section.json().id as string
      const sectionIds = { board_id: walkBoard, section_id: walkSection }
      await call(ana, 'PATCH', '/v5/boards/{board_id}/sections/{section_id}', sectionIds, {
        payload: { name: 'New' },
      })
      await call(null, 'GET', '/v5/boards/{board_id}/sections/{section_id}/pins')
      await call(ana, 'DELETE', '/v5/boards/{board_id}/sections/{section_id}', sectionIds)

      // pins
      const pin = await call(
        ana,
        'POST',
        '/v5/pins',
        {},
        {
          payload: {
            board_id: walkBoard,
            title: 'Stove',
            link: 'https://example.com/stove',
            media_source: base64Source(await png(60, 40)),
          },
        },
      )
      const walkPin = pin.json().id as string
      await call(ana, 'GET', '/v5/pins')
      await call(null, 'GET', '/v5/pins/{pin_id}')
      await call(
        ana,
        'PATCH',
        '/v5/pins/{pin_id}',
        { pin_id: walkPin },
        { payload: { title: 'Camp stove', alt_text: null } },
      )
      await call(bo, 'POST', '/v5/pins/{pin_id}/like')
      await call(bo, 'DELETE', '/v5/pins/{pin_id}/like')
      const boBoard = await call(
        bo,
        'POST',
        '/v5/boards',
        {},
        { payload: { name: 'Saved', privacy: 'SECRET' } },
      )
      await call(
        bo,
        'POST',
        '/v5/pins/{pin_id}/save',
        {},
        { payload: { board_id: boBoard.json().id } },
      )
      await call(bo, 'GET', '/v5/pins/{pin_id}/source')
      await call(null, 'GET', '/v5/boards/{board_id}/pins')
      await call(null, 'GET', '/v5/users/{username}/pins')
      await call(bo, 'GET', '/v5/feed')
      await call(null, 'GET', '/v5/feed')
      for (const kind of ['pins', 'boards', 'users', 'completions']) {
        await call(bo, 'GET', `/v5/search/${kind}`, {}, { query: 'query=tent' })
      }

      // messages
      const one = await call(
        ana,
        'POST',
        '/v5/conversations',
        {},
        { payload: { participants: [carl.username] } },
      )
      const again = await call(
        ana,
        'POST',
        '/v5/conversations',
        {},
        { payload: { participants: [carl.username] } },
      )
      expect([one.statusCode, again.statusCode]).toEqual([201, 200])
      const conv = { conversation_id: one.json().id as string }
      const send = (client_message_id: string) =>
        call(ana, 'POST', '/v5/conversations/{conversation_id}/messages', conv, {
          payload: {
            client_message_id,
            text: 'this one?',
            attachment: { type: 'pin', id: walkPin },
          },
        })
      const message = await send('walk-1')
      expect((await send('walk-1')).statusCode).toBe(200)
      await call(carl, 'GET', '/v5/conversations')
      await call(carl, 'GET', '/v5/conversations/unread_count')
      await call(carl, 'GET', '/v5/conversations/{conversation_id}', conv)
      await call(carl, 'GET', '/v5/conversations/{conversation_id}/messages', conv)
      await call(carl, 'GET', '/v5/conversations/{conversation_id}/pins', conv)
      await call(carl, 'GET', '/v5/conversations/{conversation_id}/already_shared', conv, {
        query: `pin_id=${walkPin}`,
      })
      await call(carl, 'POST', '/v5/conversations/{conversation_id}/read', conv, {
        payload: { seq: 1 },
      })
      await call(carl, 'PATCH', '/v5/conversations/{conversation_id}', conv, {
        payload: { muted: true },
      })
      await call(
        carl,
        'POST',
        '/v5/messages/{message_id}/report',
        { message_id: message.json().id },
        { payload: { reason: 'spam' } },
      )
      // reactions, edits, unsends (issue 17)
      const messageIds = { message_id: message.json().id as string }
      await call(carl, 'POST', '/v5/messages/{message_id}/reactions', messageIds, {
        payload: { emoji: '👍' },
      })
      await call(carl, 'DELETE', '/v5/messages/{message_id}/reactions/{emoji}', {
        ...messageIds,
        emoji: '👍',
      })
      await call(ana, 'PATCH', '/v5/messages/{message_id}', messageIds, {
        payload: { text: 'this one!' },
      })
      await call(ana, 'DELETE', '/v5/messages/{message_id}', {
        message_id: (await send('walk-2')).json().id as string,
      })
      await call(ana, 'GET', '/v5/search/typeahead', {}, { query: 'query=user' })
      const trip = await call(
        ana,
        'POST',
        '/v5/conversations',
        {},
        { payload: { participants: [carl.username, dan.username], title: 'Trip 2' } },
      )
      const tripIds = { conversation_id: trip.json().id as string }
      await call(ana, 'PATCH', '/v5/conversations/{conversation_id}', tripIds, {
        payload: { title: 'Trip 3' },
      })
      await call(dan, 'DELETE', '/v5/conversations/{conversation_id}/participants/me', tripIds)
      await call(ana, 'POST', '/v5/conversations/{conversation_id}/participants', tripIds, {
        payload: { usernames: [dan.username] },
      })
      // deciding together: a vote in the group, its shortlist, a board of it, its collaborators
      await call(ana, 'POST', '/v5/conversations/{conversation_id}/messages', tripIds, {
        payload: { client_message_id: 'walk-vote', attachment: { type: 'pin', id: walkPin } },
      })
      const voteIds = { ...tripIds, pin_id: walkPin }
      await call(carl, 'PUT', '/v5/conversations/{conversation_id}/pins/{pin_id}/vote', voteIds, {
        payload: { value: 1 },
      })
      await call(dan, 'GET', '/v5/conversations/{conversation_id}/shortlist', tripIds)
      const groupBoard = await call(
        ana,
        'POST',
        '/v5/conversations/{conversation_id}/shortlist/board',
        tripIds,
        { payload: { name: 'Walk picks', top: 3 } },
      )
      const groupBoardIds = { board_id: groupBoard.json().id as string }
      await call(dan, 'GET', '/v5/boards/{board_id}/collaborators', groupBoardIds)
      await call(carl, 'GET', '/v5/user_account/collaborating/boards')
      await call(dan, 'DELETE', '/v5/boards/{board_id}/collaborators/{username}', {
        ...groupBoardIds,
        username: dan.username,
      })
      await call(ana, 'POST', '/v5/boards/{board_id}/collaborators', groupBoardIds, {
        payload: { usernames: [dan.username] },
      })
      const email = `walk_friend_${dialect}@example.com`
      await call(
        ana,
        'POST',
        '/v5/share',
        {},
        {
          payload: {
            recipients: [{ username: carl.username }, { email }],
            attachment: { type: 'board', id: walkBoard },
            client_message_id: 'walk-share',
          },
        },
      )

      // invites and email links: their tokens come by mail
      let mail: { to: string; text: string } | undefined
      await waitFor(`a mail to ${email}`, async () => {
        mail = (await t.ctx.mailer.outbox!.list(50)).find((m) => m.to === email)
        return mail !== undefined
      })
      const token = decodeURIComponent(/\/invite\/(\S+)/.exec(mail!.text)![1]!)
      await call(null, 'GET', '/v5/invites/{token}', { token })
      const friend = await signUp(t, `walk_friend_${dialect}`, { email })
      await call(friend, 'POST', '/v5/invites/{token}/accept', { token })
      const unsubscribe = new URL(t.ctx.services.unsubscribe.linksFor(Number(ana.id)).oneClick)
      const emailToken = { token: decodeURIComponent(unsubscribe.pathname.split('/').pop()!) }
      await call(null, 'GET', '/v5/email/unsubscribe/{token}', emailToken)
      await call(null, 'POST', '/v5/email/unsubscribe/{token}', emailToken)
      await call(null, 'POST', '/v5/email/resubscribe/{token}', emailToken)

      // brands (business accounts): a promotion of the shop's own pin
      const shop = await signUp(t, `walk_shop_${dialect}`, {
        account_type: 'BUSINESS',
        business_name: 'Walk Shop',
      })
      const shopBoard = await call(shop, 'POST', '/v5/boards', {}, { payload: { name: 'Shop' } })
      const shopPin = await call(
        shop,
        'POST',
        '/v5/pins',
        {},
        {
          payload: {
            board_id: shopBoard.json().id,
            title: 'Lantern',
            media_source: base64Source(await png(40, 40)),
          },
        },
      )
      const today = new Date().toISOString().slice(0, 10)
      const promotion = await call(
        shop,
        'POST',
        '/v5/promotions',
        {},
        {
          payload: {
            pin_id: shopPin.json().id,
            name: 'Walk promotion',
            start_date: today,
            end_date: today,
            counts: 'either',
          },
        },
      )
      const promotionIds = { promotion_id: promotion.json().id as string }
      await call(shop, 'GET', '/v5/promotions')
      await call(shop, 'GET', '/v5/promotions/{promotion_id}', promotionIds)
      await call(shop, 'GET', '/v5/promotions/{promotion_id}/participants', promotionIds)
      await call(shop, 'GET', '/v5/brand/influencers')
      const run = await call(
        shop,
        'POST',
        '/v5/promotions/{promotion_id}/thank_you',
        promotionIds,
        {
          payload: { template: 'Thank you, {name}!', client_run_id: 'walk' },
        },
      )
      const runIds = { ...promotionIds, run_id: run.json().id as string }
      await call(shop, 'GET', '/v5/promotions/{promotion_id}/thank_you', promotionIds)
      await call(shop, 'POST', '/v5/promotions/{promotion_id}/thank_you/{run_id}/pause', runIds)
      await call(shop, 'POST', '/v5/promotions/{promotion_id}/thank_you/{run_id}/resume', runIds)
      // analytics: the brand's report (JSON; CSV is text) and Pinterest's own operations
      const range = `start_date=${today}&end_date=${today}`
      const shopPinIds = { pin_id: shopPin.json().id as string }
      await call(shop, 'GET', '/v5/brand/analytics', {}, { query: range })
      await call(shop, 'GET', '/v5/user_account/analytics', {}, { query: range })
      await call(
        shop,
        'GET',
        '/v5/user_account/analytics/top_pins',
        {},
        {
          query: `${range}&sort_by=IMPRESSION`,
        },
      )
      await call(shop, 'GET', '/v5/pins/{pin_id}/analytics', shopPinIds, {
        query: `${range}&metric_types=IMPRESSION,SAVE`,
      })

      // first sign-in: where a newcomer stands, the topics, suggestions for some, the finish
      await call(carl, 'GET', '/v5/onboarding')
      await call(carl, 'GET', '/v5/onboarding/topics')
      await call(carl, 'GET', '/v5/onboarding/suggestions', {}, { query: 'topics=walk,tent' })
      await call(carl, 'POST', '/v5/onboarding/complete', {}, { payload: { user_ids: [bo.id] } })

      // account recovery: an email change, then a reset, their links read from the outbox
      const eve = await signUp(t)
      const linkTo = async (to: string, page: string) => {
        const link = new RegExp(`/${page}#(\\S+)`)
        const find = async () =>
          (await t.ctx.mailer.outbox!.list(20)).find((m) => m.to === to && link.test(m.text))
        await waitFor(`the ${page} mail to ${to}`, async () => (await find()) !== undefined)
        return link.exec((await find())!.text)![1]!
      }
      const eveNew = `${eve.username}.new@example.com`
      await call(
        eve,
        'PATCH',
        '/v5/user_account',
        {},
        {
          payload: { email: eveNew, current_password: 'correct horse battery' },
        },
      )
      await call(
        null,
        'POST',
        '/v5/auth/email_change/confirm',
        {},
        {
          payload: { token: await linkTo(eveNew, 'confirm-email') },
          remoteAddress: '10.200.0.3',
        },
      )
      await call(
        null,
        'POST',
        '/v5/auth/password_reset',
        {},
        {
          payload: { email: eveNew },
          remoteAddress: '10.200.0.4',
        },
      )
      await call(
        null,
        'POST',
        '/v5/auth/password_reset/confirm',
        {},
        {
          payload: {
            token: await linkTo(eveNew, 'reset-password'),
            new_password: 'quiet lantern 42',
          },
          remoteAddress: '10.200.0.5',
        },
      )

      // your data: an export (built by the job) and its download; deleting an account
      const exporter = await signUp(t)
      const walkExport = await call(exporter, 'POST', '/v5/user_account/exports')
      const exportIds = { export_id: walkExport.json().id as string }
      await call(exporter, 'GET', '/v5/user_account/exports')
      await waitFor('the export', async () => {
        const res = await exporter.call({
          method: 'GET',
          url: `/v5/user_account/exports/${exportIds.export_id}`,
        })
        return res.json().status === 'ready'
      })
      await call(exporter, 'GET', '/v5/user_account/exports/{export_id}', exportIds)
      await call(exporter, 'GET', '/v5/user_account/exports/{export_id}/download', exportIds)
      await call(
        exporter,
        'DELETE',
        '/v5/user_account',
        {},
        { payload: { password: 'correct horse battery' } },
      )

      // running an instance: settings and staff (ana, the world's first account, is its admin)
      await call(null, 'GET', '/v5/instance')
      await call(ana, 'GET', '/v5/admin/settings')
      await call(ana, 'PATCH', '/v5/admin/settings', {}, { payload: { registrations: 'open' } })
      await call(ana, 'GET', '/v5/admin/staff')

      // reports and moderation: carl reports ana's pin, the admin (ana) dismisses it, carl is told
      const walkReport = await call(
        carl,
        'POST',
        '/v5/reports',
        {},
        { payload: { target: { type: 'pin', id: walkPin }, reason: 'spam', note: 'walk' } },
      )
      await call(carl, 'GET', '/v5/user_account/reports')
      await call(ana, 'GET', '/v5/admin/reports')
      await call(
        ana,
        'POST',
        '/v5/admin/reports/{report_id}/actions',
        { report_id: walkReport.json().id as string },
        { payload: { action: 'dismiss', note: 'fine' } },
      )
      await call(ana, 'GET', '/v5/admin/reports', {}, { query: 'status=closed' })
      const walkNotices = await call(carl, 'GET', '/v5/user_account/notices')
      await call(
        carl,
        'POST',
        '/v5/user_account/notices/read',
        {},
        { payload: { up_to_id: walkNotices.json().items[0].id as string } },
      )
      const fay = await signUp(t)
      const fayIds = { username: fay.username }
      await call(ana, 'POST', '/v5/admin/users/{username}/suspend', fayIds, { payload: {} })
      await call(ana, 'POST', '/v5/admin/users/{username}/unsuspend', fayIds, { payload: {} })
      await call(ana, 'GET', '/v5/admin/audit')

      // last: what ends things
      await call(ana, 'DELETE', '/v5/pins/{pin_id}', { pin_id: walkPin })
      await call(ana, 'DELETE', '/v5/boards/{board_id}', { board_id: walkBoard })
      await call(
        dan,
        'POST',
        '/v5/user_account/password',
        {},
        {
          payload: {
            current_password: 'correct horse battery',
            new_password: 'another horse battery',
          },
        },
      )
      await call(carl, 'POST', '/v5/auth/logout')

      const missing = contract.operations
        .filter((op) => op.path.startsWith('/v5/'))
        .map((op) => `${op.method} ${op.path}`)
        .filter((op) => !covered.has(op))
      expect(missing).toEqual([])
    })
  })
}
