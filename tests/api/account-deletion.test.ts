import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { ownTables } from '../support/db-snapshot'
import { listenForStream, StreamClient } from '../support/stream-client'
import { createTestApp, type TestApp } from '../support/test-app'
import { signUp } from '../support/users'
import { waitFor } from '../support/wait'
import { buildDataWorld, type DataWorld } from './data-fixtures'

/**
 * Issue 15, your data: deleting an account (password confirmed) leaves nothing of it but a
 * tombstone row and its old messages, which the other members still read, from "Deleted
 * account"; its username stays reserved for 30 days; its log-in, tokens and sockets end.
 */

/** Columns that name a user, wherever they are. */
const USER_COLUMNS = new Set([
  'user_id',
  'owner_id',
  'follower_id',
  'followee_id',
  'blocker_id',
  'blocked_id',
  'sender_id',
  'inviter_id',
  'accepted_by',
  'created_by',
  'reporter_id',
  'brand_id',
  'actor_id',
  'resolved_by',
  'target_user_id',
])

for (const dialect of DIALECTS) {
  describe(`account deletion [${dialect}]`, () => {
    let t: TestApp
    let w: DataWorld
    let url: string

    beforeAll(async () => {
      t = await createTestApp(dialect, {}, { overrides: { jobs: { pollMs: 20 } } })
      url = await listenForStream(t)
      w = await buildDataWorld(t, `d${dialect.slice(0, 2)}`)
    })
    afterAll(() => t.close())

    const db = () => t.ctx.db

    it('refuses a wrong password (403 invalid_credentials) and changes nothing', async () => {
      const res = await w.ana.call({
        method: 'DELETE',
        url: '/v5/user_account',
        payload: { password: 'not my password' },
      })
      expect(res.statusCode).toBe(403)
      expect(res.json()).toMatchObject({ code: 403, reason: 'invalid_credentials' })
      expect((await w.ana.call({ method: 'GET', url: '/v5/user_account' })).statusCode).toBe(200)
      const missing = await w.ana.call({ method: 'DELETE', url: '/v5/user_account', payload: {} })
      expect(missing.statusCode).toBe(400)
    })

    it('leaves nothing of the account but the tombstone and its old messages', async () => {
      const { ana, bo, cy } = w
      const anaId = Number(ana.id)
      const before = await db()
        .selectFrom('users')
        .select(['username', 'email', 'profile_image_key'])
        .where('id', '=', anaId)
        .executeTakeFirstOrThrow()
      // an export of hers, with its file, goes too
      const exp = await ana.call({ method: 'POST', url: '/v5/user_account/exports' })
      expect(exp.statusCode).toBe(202)
      let fileKey: string | null = null
      await waitFor('the export', async () => {
        const row = await db()
          .selectFrom('data_exports')
          .select(['status', 'file_key'])
          .where('id', '=', Number(exp.json().id))
          .executeTakeFirst()
        fileKey = row?.file_key ?? null
        return row?.status === 'ready'
      })
      const exportFile = join(t.ctx.config.dataDir, 'exports', fileKey!)
      expect(existsSync(exportFile)).toBe(true)
      const anaMedia = await db()
        .selectFrom('media')
        .select('key')
        .where('owner_id', '=', anaId)
        .execute()
      const socket = await StreamClient.ready(url, ana.token)
      const boSocket = await StreamClient.ready(url, bo.token)
      const boPinBefore = await db()
        .selectFrom('pins')
        .select(['like_count'])
        .where('id', '=', Number(w.ids.boPin))
        .executeTakeFirstOrThrow()
      expect(Number(boPinBefore.like_count)).toBe(1)

      const started = Date.now()
      const res = await ana.call({
        method: 'DELETE',
        url: '/v5/user_account',
        payload: { password: 'correct horse battery' },
      })
      expect(res.statusCode, res.body).toBe(204)
      expect(String(res.headers['set-cookie'])).toMatch(/cb_session=;/)

      // her socket closes within a second; Bo's stays
      await socket.until(() => socket.closed !== null, 3000).catch(() => {})
      expect(socket.closed?.code).toBe(4401)
      expect(Date.now() - started).toBeLessThan(1000)
      expect(boSocket.closed).toBeNull()
      boSocket.ws.close()

      // the scan: every row of every table that names her (or carries her name or address)
      const tables = await ownTables(t)
      expect(tables).toEqual(expect.arrayContaining(['users', 'messages', 'pins']))
      const found: Record<string, Record<string, unknown>[]> = {}
      for (const table of tables) {
        const rows = await db()
          .selectFrom(table as 'users')
          .selectAll()
          .execute()
        for (const row of rows as Record<string, unknown>[]) {
          const names = Object.entries(row).some(
            ([column, value]) =>
              (USER_COLUMNS.has(column) || (table === 'users' && column === 'id')) &&
              Number(value) === anaId,
          )
          const text = JSON.stringify(row).toLowerCase()
          const mentions =
            text.includes(before.username.toLowerCase()) ||
            text.includes(before.email.toLowerCase())
          if (names || mentions) (found[table] ??= []).push(row)
        }
      }
      // the mail transport's outbox (no SMTP here) keeps the mails that went out: sent, not held
      delete found.outbox_mail
      const pinsUsingHerMedia = await db()
        .selectFrom('pins')
        .select(['media_key', 'owner_id'])
        .where(
          'media_key',
          'in',
          anaMedia.map((m) => m.key),
        )
        .execute()
      expect(pinsUsingHerMedia.every((p) => Number(p.owner_id) !== anaId)).toBe(true)
      const keptMedia = new Set(pinsUsingHerMedia.map((p) => p.media_key))
      // Bo's save of her pin keeps its picture: the one media row still hers (Bo's pin shows it)
      expect(keptMedia.size).toBe(1)

      expect(Object.keys(found).sort()).toEqual(
        ['conversation_members', 'media', 'messages', 'reserved_usernames', 'users'].sort(),
      )
      expect(found.users).toHaveLength(1)
      const tombstone = found.users![0]!
      expect(tombstone).toMatchObject({
        id: expect.anything(),
        username: `deleted-${anaId}`,
        email: `deleted-${anaId}@deleted.invalid`,
        password_hash: '',
        about: '',
        business_name: null,
        website_url: null,
        profile_image_key: null,
        role: null,
        last_seen_at: null,
      })
      expect(tombstone.deleted_at).toEqual(expect.any(String))
      expect(found.messages!.every((m) => Number(m.sender_id) === anaId)).toBe(true)
      expect(found.messages!.map((m) => m.text).sort()).toEqual(['ana here', 'hello Bo'])
      expect(found.conversation_members).toHaveLength(2)
      expect(found.conversation_members!.every((m) => m.left_seq !== null)).toBe(true)
      expect(found.media!.map((m) => m.key)).toEqual([...keptMedia])
      expect(found.reserved_usernames).toEqual([
        { username: before.username.toLowerCase(), until: expect.any(String) },
      ])
      const until = Date.parse(found.reserved_usernames![0]!.until as string)
      expect(until - Date.now()).toBeGreaterThan(29.9 * 24 * 3600_000)
      expect(until - Date.now()).toBeLessThanOrEqual(30 * 24 * 3600_000)

      // files: her export and the pictures nothing uses any more are gone from disk
      expect(existsSync(exportFile)).toBe(false)
      for (const { key } of anaMedia) {
        const dir = dirname(t.ctx.services.media.filePath(key, '1200x'))
        expect(existsSync(dir), key).toBe(keptMedia.has(key))
      }
      expect(anaMedia.map((m) => m.key)).toContain(before.profile_image_key)

      // counts: the like she gave is taken back; her pins are out of search and feeds
      const boPin = await db()
        .selectFrom('pins')
        .select(['like_count'])
        .where('id', '=', Number(w.ids.boPin))
        .executeTakeFirstOrThrow()
      expect(Number(boPin.like_count)).toBe(0)
      const search = await cy.call({ method: 'GET', url: '/v5/search/pins?query=tent' })
      expect(search.statusCode).toBe(200)
      const hits = (search.json().items as { id: string }[]).map((p) => p.id)
      expect(hits).not.toContain(w.ids.pinA1)
      expect(hits).toContain(w.ids.boSaveOfA1)
      const feed = await cy.call({ method: 'GET', url: '/v5/feed' })
      const feedIds = JSON.stringify(feed.json())
      for (const id of [w.ids.pinA1, w.ids.pinA2, w.ids.saveOfBo]) {
        expect(feedIds).not.toContain(`"id":"${id}"`)
      }
      const stillThere = await bo.call({ method: 'GET', url: `/v5/pins/${w.ids.boSaveOfA1}` })
      expect(stillThere.statusCode).toBe(200)
      const board = await bo.call({ method: 'GET', url: `/v5/boards/${w.ids.boardA}` })
      expect(board.statusCode).toBe(404)
      const profile = await bo.call({ method: 'GET', url: `/v5/users/${before.username}` })
      expect(profile.statusCode).toBe(404)
      const tombstoneProfile = await bo.call({ method: 'GET', url: `/v5/users/deleted-${anaId}` })
      // the tombstone's name is no username (a hyphen): refused before any lookup, or not found
      expect([400, 404]).toContain(tombstoneProfile.statusCode)
    })

    it('the other members still read her messages, from a deleted sender', async () => {
      const { bo, cy, ana } = w
      const pair = await bo.call({ method: 'GET', url: `/v5/conversations/${w.ids.pair}/messages` })
      expect(pair.statusCode).toBe(200)
      const items = pair.json().items as {
        text: string
        sender: { username: string; deleted?: boolean }
      }[]
      const hers = items.find((m) => m.text === 'hello Bo')!
      expect(hers.sender).toEqual({ username: `deleted-${ana.id}`, deleted: true })
      const bos = items.find((m) => m.text === 'hi Ana')!
      expect(bos.sender).toEqual({ username: bo.username })
      const group = await cy.call({
        method: 'GET',
        url: `/v5/conversations/${w.ids.group}/messages`,
      })
      const texts = (group.json().items as { text: string; sender: { deleted?: boolean } }[]).map(
        (m) => [m.text, m.sender.deleted ?? false],
      )
      expect(texts).toContainEqual(['ana here', true])
      expect(texts).toContainEqual(['welcome', false])
      // she is no longer among the group's participants
      const conv = await cy.call({ method: 'GET', url: `/v5/conversations/${w.ids.group}` })
      const names = (conv.json().participants as { username: string }[]).map((p) => p.username)
      expect(names.some((n) => n.startsWith('deleted-') || n === ana.username)).toBe(false)
    })

    it('refuses her log-in, token and session afterwards', async () => {
      const { ana } = w
      for (const login of [ana.username, `${ana.username}@example.com`, `deleted-${ana.id}`]) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/v5/auth/login',
          payload: { username_or_email: login, password: 'correct horse battery' },
          remoteAddress: '10.250.0.9',
        })
        expect(res.statusCode, login).toBe(401)
      }
      const byToken = await t.app.inject({
        method: 'GET',
        url: '/v5/user_account',
        headers: { authorization: `Bearer ${ana.token}` },
      })
      expect(byToken.statusCode).toBe(401)
      expect((await ana.call({ method: 'GET', url: '/v5/user_account' })).statusCode).toBe(401)
    })

    it('keeps her username from sign-ups for 30 days (409 username_reserved)', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/signup',
        payload: {
          username: w.ana.username,
          email: `again_${dialect}@example.com`,
          password: 'correct horse battery',
        },
        remoteAddress: '10.250.0.10',
      })
      expect(res.statusCode).toBe(409)
      expect(res.json()).toMatchObject({ reason: 'username_reserved' })
      // after the 30 days, it is free again
      await db()
        .updateTable('reserved_usernames')
        .set({ until: new Date(0).toISOString() })
        .execute()
      const later = await signUp(t, w.ana.username)
      expect(later.username).toBe(w.ana.username)
    })
  })
}
