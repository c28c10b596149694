import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { listenForStream, StreamClient } from '../support/stream-client'
import type { TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import { allMessages, conversationOf, messagingApp, mutual, send, sent } from './messaging-fixtures'
import { block, createPin, follow } from './pin-fixtures'

/**
 * Issue 15, what moderation does (services.enforcement): a removed pin, board or message, and
 * a suspended account — its sessions, tokens, log-in and sockets, its content hidden from
 * everyone and back after unsuspension. Every read is asked twice (the caches must not leak).
 */
const PASSWORD = 'correct horse battery'
let addresses = 0
const tag = () => `zq${Math.random().toString(36).slice(2, 10)}`

for (const dialect of DIALECTS) {
  describe(`moderation enforcement [${dialect}]`, () => {
    let t: TestApp
    let url: string

    const get = (who: TestUser | null, path: string) => callAs(t, who, { method: 'GET', url: path })
    /** The same GET twice (the second from whatever was cached): both bodies. */
    const twice = async (who: TestUser | null, path: string) => {
      const first = await get(who, path)
      const second = await get(who, path)
      expect(second.statusCode).toBe(first.statusCode)
      return [first, second]
    }
    /** Whether every one of two GETs answers 200 and mentions `text`. */
    const shows = async (who: TestUser | null, path: string, text: string) => {
      const answers = await twice(who, path)
      return answers.map((r) => r.statusCode === 200 && r.body.includes(text))
    }
    const statuses = async (who: TestUser | null, path: string) =>
      (await twice(who, path)).map((r) => r.statusCode)
    const login = (user: TestUser) =>
      t.app.inject({
        method: 'POST',
        url: '/v5/auth/login',
        remoteAddress: `10.215.${(++addresses >> 8) & 255}.${addresses & 255}`,
        payload: { username_or_email: user.username, password: PASSWORD },
      })
    const makeBoard = async (owner: TestUser, name: string) => {
      const res = await owner.call({
        method: 'POST',
        url: '/v5/boards',
        payload: { name, description: `about ${name}`, privacy: 'PUBLIC' },
      })
      expect(res.statusCode, res.body).toBe(201)
      return res.json().id as string
    }

    beforeAll(async () => {
      t = await messagingApp(dialect)
      url = await listenForStream(t)
    })
    afterAll(() => t.close())

    it('a removed pin is gone from feed, board, search and its page; a message card says removed', async () => {
      const ana = await signUp(t)
      const bo = await signUp(t)
      await follow(t, bo, ana)
      await mutual(t, ana, bo)
      const title = tag()
      const board = await makeBoard(ana, `board ${tag()}`)
      const pin = await createPin(t, ana, board, { title })
      const kept = await createPin(t, ana, board, { title: tag() })
      const conversation = await conversationOf(ana, bo)
      const card = await send(ana, conversation, {
        text: null,
        attachment: { type: 'pin', id: pin.id },
      })
      expect(card.statusCode, card.body).toBe(201)

      expect(await shows(bo, '/v5/feed', title)).toEqual([true, true])
      expect(await shows(bo, `/v5/boards/${board}/pins`, title)).toEqual([true, true])
      expect(await shows(bo, `/v5/search/pins?query=${title}`, title)).toEqual([true, true])
      expect(await shows(null, `/v5/users/${ana.username}/pins`, title)).toEqual([true, true])
      expect((await get(bo, `/v5/boards/${board}`)).json().pin_count).toBe(2)

      const detail = await t.ctx.services.enforcement.remove({ type: 'pin', id: Number(pin.id) })
      expect(detail).toMatchObject({
        type: 'pin',
        id: pin.id,
        title,
        owner: { username: ana.username },
      })

      expect(await statuses(bo, `/v5/pins/${pin.id}`)).toEqual([404, 404])
      expect(await statuses(null, `/v5/pins/${pin.id}`)).toEqual([404, 404])
      expect(await shows(bo, '/v5/feed', title)).toEqual([false, false])
      expect(await shows(bo, `/v5/boards/${board}/pins`, title)).toEqual([false, false])
      expect(await shows(bo, `/v5/boards/${board}/pins`, kept.id)).toEqual([true, true])
      expect(await shows(bo, `/v5/search/pins?query=${title}`, title)).toEqual([false, false])
      expect(await shows(null, `/v5/users/${ana.username}/pins`, title)).toEqual([false, false])
      expect((await get(bo, `/v5/boards/${board}`)).json().pin_count).toBe(1)
      const search = await t.ctx.db
        .selectFrom('search_docs')
        .select('pin_id')
        .where('pin_id', '=', Number(pin.id))
        .execute()
      expect(search).toEqual([])

      for (const who of [bo, ana]) {
        const messages = await allMessages(who, conversation, 50)
        const shown = messages.find((m) => m.id === card.json().id)!
        expect(shown.attachment).toEqual({ type: 'pin', pin: null, removed: true })
        // the message itself stands (removed: false since issue 17, always present)
        expect(shown.removed).toBe(false)
      }
      const remembered = await t.ctx.db
        .selectFrom('removed_content')
        .selectAll()
        .where('target_type', '=', 'pin')
        .where('target_id', '=', Number(pin.id))
        .execute()
      expect(remembered).toHaveLength(1)
      // gone already: nothing to remove, nothing to audit
      expect(
        await t.ctx.services.enforcement.remove({ type: 'pin', id: Number(pin.id) }),
      ).toBeNull()
    })

    it('a removed board goes with its pins: 404, out of search, its card says removed', async () => {
      const ana = await signUp(t)
      const bo = await signUp(t)
      await mutual(t, ana, bo)
      const name = `board ${tag()}`
      const board = await makeBoard(ana, name)
      const pin = await createPin(t, ana, board, { title: tag() })
      const word = name.split(' ')[1]!
      expect(await shows(bo, `/v5/search/boards?query=${word}`, word)).toEqual([true, true])
      const conversation = await conversationOf(ana, bo)
      const card = await send(ana, conversation, {
        text: null,
        attachment: { type: 'board', id: board },
      })
      expect(card.statusCode, card.body).toBe(201)

      const detail = await t.ctx.services.enforcement.remove({ type: 'board', id: Number(board) })
      expect(detail).toMatchObject({ type: 'board', id: board, name, pin_count: 1 })

      expect(await statuses(bo, `/v5/boards/${board}`)).toEqual([404, 404])
      expect(await statuses(bo, `/v5/pins/${pin.id}`)).toEqual([404, 404])
      expect(await shows(bo, `/v5/search/boards?query=${word}`, word)).toEqual([false, false])
      expect(await shows(null, `/v5/users/${ana.username}/boards`, word)).toEqual([false, false])
      const shown = (await allMessages(bo, conversation, 50)).find((m) => m.id === card.json().id)!
      expect(shown.attachment).toEqual({ type: 'board', board: null, removed: true })
      expect(
        await t.ctx.services.enforcement.remove({ type: 'board', id: Number(board) }),
      ).toBeNull()
    })

    it('a removed message keeps its seq and sender, loses text and attachment, and goes live', async () => {
      const ana = await signUp(t)
      const bo = await signUp(t)
      await mutual(t, ana, bo)
      const conversation = await conversationOf(ana, bo)
      const before = await sent(ana, conversation, 'first')
      const bad = await sent(bo, conversation, 'something abusive')
      const after = await sent(ana, conversation, 'third')
      const live = await StreamClient.ready(url, ana.token)
      // ready: the socket holds the conversation up to its last seq (the snapshot)

      const detail = await t.ctx.services.enforcement.remove({
        type: 'message',
        id: Number(bad.id),
      })
      expect(detail).toMatchObject({
        type: 'message',
        id: bad.id,
        text: 'something abusive',
        sender: { username: bo.username },
        seq: bad.seq,
      })

      await live.until((e) => e.some((x) => x.type === 'message.updated'))
      const update = live.events.find((x) => x.type === 'message.updated')!
      expect(update).toMatchObject({
        type: 'message.updated',
        message: { id: bad.id, seq: bad.seq, text: null, attachment: null, removed: true },
      })
      live.close()

      for (const who of [ana, bo]) {
        const messages = await allMessages(who, conversation, 50)
        expect(messages.map((m) => m.seq).sort((a, b) => a - b)).toEqual([
          before.seq,
          bad.seq,
          after.seq,
        ])
        const removed = messages.find((m) => m.id === bad.id)!
        expect(removed).toMatchObject({
          seq: bad.seq,
          sender: { username: bo.username },
          text: null,
          attachment: null,
          removed: true,
        })
        expect(messages.find((m) => m.id === before.id)!.removed).toBe(false)
      }
      const row = await t.ctx.db
        .selectFrom('messages')
        .selectAll()
        .where('id', '=', Number(bad.id))
        .executeTakeFirstOrThrow()
      expect(row).toMatchObject({ text: null, attachment_type: null, attachment_id: null })
      expect(
        await t.ctx.services.enforcement.remove({ type: 'message', id: Number(bad.id) }),
      ).toBeNull()
    })

    it('a suspended account: sockets closed within 1 s, log-in and tokens refused, content hidden; unsuspended: all back', async () => {
      const dave = await signUp(t)
      const eve = await signUp(t)
      const frank = await signUp(t)
      await follow(t, eve, dave)
      await mutual(t, eve, frank)
      await mutual(t, eve, dave)
      const boardName = `board ${tag()}`
      const boardWord = boardName.split(' ')[1]!
      const board = await makeBoard(dave, boardName)
      const title = tag()
      const pin = await createPin(t, dave, board, { title })
      const toFrank = await conversationOf(eve, frank)
      const card = await send(eve, toFrank, { text: null, attachment: { type: 'pin', id: pin.id } })
      expect(card.statusCode, card.body).toBe(201)
      const userCard = await send(eve, toFrank, {
        text: null,
        attachment: { type: 'user', id: dave.id },
      })
      expect(userCard.statusCode, userCard.body).toBe(201)

      const visible = async () => ({
        profile: await statuses(eve, `/v5/users/${dave.username}`),
        anonymousProfile: await statuses(null, `/v5/users/${dave.username}`),
        pins: await statuses(eve, `/v5/users/${dave.username}/pins`),
        boards: await statuses(eve, `/v5/users/${dave.username}/boards`),
        board: await statuses(eve, `/v5/boards/${board}`),
        boardPins: await statuses(null, `/v5/boards/${board}/pins`),
        pin: await statuses(eve, `/v5/pins/${pin.id}`),
        anonymousPin: await statuses(null, `/v5/pins/${pin.id}`),
        feed: await shows(eve, '/v5/feed', title),
        searchPins: await shows(eve, `/v5/search/pins?query=${title}`, title),
        searchBoards: await shows(null, `/v5/search/boards?query=${boardWord}`, boardWord),
        searchUsers: await shows(eve, `/v5/search/users?query=${dave.username}`, dave.username),
        following: await shows(eve, `/v5/users/${eve.username}/following`, dave.username),
        sharedPins: await shows(frank, `/v5/conversations/${toFrank}/pins`, title),
        typeahead: await shows(
          eve,
          `/v5/search/typeahead?query=${dave.username}&include_unavailable=true`,
          dave.username,
        ),
        cards: (await allMessages(frank, toFrank, 50))
          .filter((m) => m.id === card.json().id || m.id === userCard.json().id)
          .map((m) =>
            m.attachment?.type === 'pin'
              ? m.attachment.pin !== null
              : m.attachment?.type === 'user' && m.attachment.user !== null,
          ),
      })
      const shown = {
        profile: [200, 200],
        anonymousProfile: [200, 200],
        pins: [200, 200],
        boards: [200, 200],
        board: [200, 200],
        boardPins: [200, 200],
        pin: [200, 200],
        anonymousPin: [200, 200],
        feed: [true, true],
        searchPins: [true, true],
        searchBoards: [true, true],
        searchUsers: [true, true],
        following: [true, true],
        sharedPins: [true, true],
        typeahead: [true, true],
        cards: [true, true],
      }
      expect(await visible()).toEqual(shown)

      // dave's open sockets: one on a token, one on his session cookie (a browser)
      const byToken = await StreamClient.ready(url, dave.token)
      const byCookie = await StreamClient.open(url, {
        cookie: dave.cookie,
        origin: 'http://localhost:3000',
      })
      byCookie.send({ type: 'hello', cursor: null })
      await byCookie.until((e) => e.some((x) => x.type === 'ready'))
      const bystander = await StreamClient.ready(url, eve.token)

      const started = Date.now()
      await t.ctx.services.enforcement.suspend(Number(dave.id), 'Spam, again and again.')
      const closings = await Promise.all(
        [byToken, byCookie].map(async (s) => {
          await s.until(() => s.closed !== null, 3000).catch(() => {})
          return { code: s.closed?.code ?? null, ms: Date.now() - started }
        }),
      )
      console.log(`[${dialect}] suspended account's sockets closed after`, closings)
      for (const c of closings) {
        expect(c.code).toBe(4401)
        expect(c.ms).toBeLessThan(1000)
      }
      await new Promise((r) => setTimeout(r, 200))
      expect(bystander.closed).toBeNull()
      bystander.close()

      const row = await t.ctx.db
        .selectFrom('users')
        .select(['suspended_at', 'suspension_reason'])
        .where('id', '=', Number(dave.id))
        .executeTakeFirstOrThrow()
      expect(row.suspended_at).not.toBeNull()
      expect(row.suspension_reason).toBe('Spam, again and again.')
      const sessions = await t.ctx.db
        .selectFrom('sessions')
        .select('id_hash')
        .where('user_id', '=', Number(dave.id))
        .execute()
      expect(sessions).toEqual([])

      // log-in: refused with the reason, once the password is right; a wrong one says only that
      const refused = await login(dave)
      expect(refused.statusCode).toBe(403)
      expect(refused.json()).toMatchObject({
        reason: 'account_suspended',
        message: 'This account is suspended. Spam, again and again.',
      })
      const wrong = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/login',
        remoteAddress: '10.216.0.1',
        payload: { username_or_email: dave.username, password: 'not the password at all' },
      })
      expect(wrong.statusCode).toBe(401)
      // the token: refused with the same message, every time (nothing cached lets it through)
      for (let i = 0; i < 2; i++) {
        const withToken = await callAs(t, dave, { method: 'GET', url: '/v5/user_account' })
        expect(withToken.statusCode).toBe(403)
        expect(withToken.json()).toMatchObject({ reason: 'account_suspended' })
      }
      const withCookie = await callAs(
        t,
        dave,
        { method: 'GET', url: '/v5/user_account' },
        'session',
      )
      expect(withCookie.statusCode).toBe(401)
      await expect(StreamClient.ready(url, dave.token)).rejects.toThrow(/HTTP 403/)

      expect(await visible()).toEqual({
        profile: [404, 404],
        anonymousProfile: [404, 404],
        pins: [404, 404],
        boards: [404, 404],
        board: [404, 404],
        boardPins: [404, 404],
        pin: [404, 404],
        anonymousPin: [404, 404],
        feed: [false, false],
        searchPins: [false, false],
        searchBoards: [false, false],
        searchUsers: [false, false],
        following: [false, false],
        sharedPins: [false, false],
        typeahead: [false, false],
        cards: [false, false],
      })

      await t.ctx.services.enforcement.unsuspend(Number(dave.id))
      expect(await visible()).toEqual(shown)
      const back = await login(dave)
      expect(back.statusCode, back.body).toBe(200)
      const withToken = await callAs(t, dave, { method: 'GET', url: '/v5/user_account' })
      expect(withToken.statusCode).toBe(200)
      const again = await StreamClient.ready(url, dave.token)
      again.close()
    })

    it("a suspended account's saves leave the feeds of those who follow it: no card of theirs, no saved_by naming them", async () => {
      const gil = await signUp(t)
      const hal = await signUp(t)
      const ivy = await signUp(t)
      await follow(t, ivy, hal)
      const title = tag()
      const pin = await createPin(t, gil, await makeBoard(gil, `board ${tag()}`), { title })
      const saved = await hal.call({
        method: 'POST',
        url: `/v5/pins/${pin.id}/save`,
        payload: { board_id: await makeBoard(hal, `board ${tag()}`) },
      })
      expect(saved.statusCode, saved.body).toBe(201)
      expect(await shows(ivy, '/v5/feed', hal.username)).toEqual([true, true])

      await t.ctx.services.enforcement.suspend(Number(hal.id), null)
      expect(await shows(ivy, '/v5/feed', hal.username)).toEqual([false, false])

      await t.ctx.services.enforcement.unsuspend(Number(hal.id))
      expect(await shows(ivy, '/v5/feed', hal.username)).toEqual([true, true])
    })

    it('the people one blocked or followed stay theirs to unblock and unfollow while suspended', async () => {
      const jo = await signUp(t)
      const kim = await signUp(t)
      const lou = await signUp(t)
      await block(t, jo, kim)
      await follow(t, jo, lou)
      await t.ctx.services.enforcement.suspend(Number(kim.id), null)
      await t.ctx.services.enforcement.suspend(Number(lou.id), null)
      // jo's own blocks list still names kim (see graph/repository.ts): the unblock must work
      expect(await shows(jo, '/v5/user_account/blocks', kim.username)).toEqual([true, true])
      const unblock = (who: TestUser) =>
        callAs(t, jo, { method: 'DELETE', url: `/v5/users/${who.username}/block` })
      const unfollow = (who: TestUser) =>
        callAs(t, jo, { method: 'DELETE', url: `/v5/user_account/following/${who.username}` })
      expect((await unblock(kim)).statusCode).toBe(204)
      expect((await unfollow(lou)).statusCode).toBe(204)
      // but a suspended account is no one's to block or follow anew: as if it did not exist
      const blockAgain = await callAs(t, jo, {
        method: 'POST',
        url: `/v5/users/${kim.username}/block`,
      })
      expect(blockAgain.statusCode).toBe(404)
      await t.ctx.services.enforcement.unsuspend(Number(kim.id))
      await t.ctx.services.enforcement.unsuspend(Number(lou.id))
      expect(await shows(jo, '/v5/user_account/blocks', kim.username)).toEqual([false, false])
      expect(await shows(jo, `/v5/users/${jo.username}/following`, lou.username)).toEqual([
        false,
        false,
      ])
    })

    it("a deleted account's tombstone is found by no people search or typeahead, nor shown by a card", async () => {
      const mo = await signUp(t)
      const ned = await signUp(t)
      const pat = await signUp(t)
      await mutual(t, mo, ned, pat)
      const toPat = await conversationOf(mo, pat)
      const card = await send(mo, toPat, { text: null, attachment: { type: 'user', id: ned.id } })
      expect(card.statusCode, card.body).toBe(201)
      const gone = await callAs(t, ned, {
        method: 'DELETE',
        url: '/v5/user_account',
        payload: { password: PASSWORD },
      })
      expect(gone.statusCode, gone.body).toBe(204)
      const tombstone = `deleted-${ned.id}`
      for (const path of [
        '/v5/search/users?query=deleted',
        '/v5/search/typeahead?query=deleted&include_unavailable=true',
      ]) {
        expect(await shows(mo, path, tombstone)).toEqual([false, false])
      }
      // a card of the account shows no one (as for any account gone)
      const shown = (await allMessages(pat, toPat, 50)).find((m) => m.id === card.json().id)!
      expect(shown.attachment).toEqual({ type: 'user', user: null })
    })

    it('suspending or unsuspending nobody is a 404', async () => {
      await expect(t.ctx.services.enforcement.suspend(99_999_999, null)).rejects.toMatchObject({
        status: 404,
      })
      await expect(t.ctx.services.enforcement.unsuspend(99_999_999)).rejects.toMatchObject({
        status: 404,
      })
    })
  })
}
