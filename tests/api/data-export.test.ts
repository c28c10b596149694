import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'
import { waitFor } from '../support/wait'
import { buildDataWorld, unzip, type DataWorld } from './data-fixtures'

/**
 * Issue 15, your data: an export is a ZIP built by a job, offered 7 days, announced by mail
 * and notice, and holds exactly the account's data — each file listed against the database.
 */
for (const dialect of DIALECTS) {
  describe(`data export [${dialect}]`, () => {
    let t: TestApp
    let w: DataWorld

    beforeAll(async () => {
      t = await createTestApp(dialect, {}, { overrides: { jobs: { pollMs: 20 } } })
      w = await buildDataWorld(t, `x${dialect.slice(0, 2)}`)
    })
    afterAll(() => t.close())

    const db = () => t.ctx.db
    const exportsDir = () => join(t.ctx.config.dataDir, 'exports')

    async function requestAndWait(user: TestUser) {
      const res = await user.call({ method: 'POST', url: '/v5/user_account/exports' })
      expect(res.statusCode, res.body).toBe(202)
      const created = res.json() as { id: string; status: string; created_at: string }
      expect(created).toMatchObject({ status: 'pending' })
      let current: Record<string, unknown> = {}
      await waitFor(
        'the export to be ready',
        async () => {
          current = (
            await user.call({ method: 'GET', url: `/v5/user_account/exports/${created.id}` })
          ).json()
          return current.status !== 'pending'
        },
        20_000,
      )
      expect(current.status).toBe('ready')
      return current as {
        id: string
        status: string
        size_bytes: number
        download_url: string
        expires_at: string
        ready_at: string
        created_at: string
      }
    }

    it('builds a ZIP holding exactly the account’s data, listed against the database', async () => {
      const { ana } = w
      const anaId = Number(ana.id)
      const ready = await requestAndWait(ana)
      expect(Date.parse(ready.expires_at) - Date.parse(ready.ready_at)).toBe(7 * 24 * 3600_000)
      expect(ready.download_url).toBe(
        `http://localhost:3000/v5/user_account/exports/${ready.id}/download`,
      )
      const res = await ana.call({ method: 'GET', url: new URL(ready.download_url).pathname })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('application/zip')
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="corkboard-data-/)
      expect(res.rawPayload.length).toBe(ready.size_bytes)
      const files = await unzip(res.rawPayload)
      const read = (name: string) => JSON.parse(files.get(name)!.toString('utf8'))

      // the database's view of Ana
      const user = await db()
        .selectFrom('users')
        .selectAll()
        .where('id', '=', anaId)
        .executeTakeFirstOrThrow()
      const boards = await db()
        .selectFrom('boards')
        .selectAll()
        .where('owner_id', '=', anaId)
        .orderBy('id')
        .execute()
      const sections = await db()
        .selectFrom('board_sections')
        .selectAll()
        .where(
          'board_id',
          'in',
          boards.map((b) => b.id),
        )
        .orderBy('id')
        .execute()
      const pins = await db()
        .selectFrom('pins')
        .selectAll()
        .where('owner_id', '=', anaId)
        .orderBy('id')
        .execute()
      const memberships = await db()
        .selectFrom('conversation_members')
        .selectAll()
        .where('user_id', '=', anaId)
        .orderBy('conversation_id')
        .execute()
      const imageKeys = [...new Set([user.profile_image_key!, ...pins.map((p) => p.media_key)])]

      // the list of files: nothing more, nothing less
      expect([...files.keys()].sort()).toEqual(
        [
          'README.txt',
          'account.json',
          'boards.json',
          'pins.json',
          'following.json',
          'followers.json',
          'blocks.json',
          ...memberships.map((m) => `conversations/${m.conversation_id}.json`),
          ...imageKeys.map((k) => `images/${k}.jpg`),
        ].sort(),
      )
      expect(memberships.map((m) => String(m.conversation_id)).sort()).toEqual(
        [w.ids.pair, w.ids.group].sort(),
      )

      expect(read('account.json')).toEqual({
        username: user.username,
        email: user.email,
        account_type: user.account_type,
        business_name: user.business_name,
        about: 'Tents, trails and tea',
        website_url: user.website_url,
        profile_image: `images/${user.profile_image_key}.jpg`,
        created_at: user.created_at,
        settings: { message_policy: user.message_policy, unread_digest_email: true },
      })
      expect(read('boards.json')).toEqual(
        boards.map((b) => ({
          id: String(b.id),
          name: b.name,
          description: b.description,
          privacy: b.privacy,
          created_at: b.created_at,
          sections: sections
            .filter((s) => s.board_id === b.id)
            .map((s) => ({ id: String(s.id), name: s.name, created_at: s.created_at })),
        })),
      )
      expect(read('boards.json').map((b: { name: string }) => b.name)).toEqual(['Camping', 'Plans'])
      expect(read('boards.json')[0].sections.map((s: { name: string }) => s.name)).toEqual([
        'Tents',
      ])
      expect(read('pins.json')).toEqual(
        pins.map((p) => ({
          id: String(p.id),
          board_id: String(p.board_id),
          board_section_id: p.board_section_id === null ? null : String(p.board_section_id),
          title: p.title,
          description: p.description,
          link: p.link,
          alt_text: p.alt_text,
          image: `images/${p.media_key}.jpg`,
          saved_from_pin_id: p.parent_pin_id === null ? null : String(p.parent_pin_id),
          created_at: p.created_at,
        })),
      )
      // her own three pins and her save of Bo's; not Bo's pins
      expect(read('pins.json').map((p: { id: string }) => p.id)).toEqual(
        [w.ids.pinA1, w.ids.pinA2, w.ids.pinSecret, w.ids.saveOfBo].sort(
          (a, b) => Number(a) - Number(b),
        ),
      )
      for (const key of imageKeys) {
        const original = await readFile(t.ctx.services.media.filePath(key, '1200x'))
        expect(files.get(`images/${key}.jpg`)!.equals(original), key).toBe(true)
      }

      const people = async (
        join: 'followee_id' | 'follower_id',
        where: 'follower_id' | 'followee_id',
      ) =>
        db()
          .selectFrom('follows as f')
          .innerJoin('users as u', 'u.id', `f.${join}`)
          .select(['u.username', 'f.created_at'])
          .where(`f.${where}`, '=', anaId)
          .orderBy('f.created_at')
          .orderBy('u.username')
          .execute()
      const boardFollows = await db()
        .selectFrom('board_follows as bf')
        .innerJoin('boards as b', 'b.id', 'bf.board_id')
        .innerJoin('users as u', 'u.id', 'b.owner_id')
        .select(['b.id', 'b.name', 'u.username', 'bf.created_at'])
        .where('bf.user_id', '=', anaId)
        .execute()
      expect(read('following.json')).toEqual({
        people: await people('followee_id', 'follower_id'),
        boards: boardFollows.map((b) => ({
          id: String(b.id),
          name: b.name,
          owner: b.username,
          created_at: b.created_at,
        })),
      })
      expect(
        read('following.json')
          .people.map((p: { username: string }) => p.username)
          .sort(),
      ).toEqual([w.bo.username, w.cy.username, w.dee.username].sort())
      expect(read('following.json').boards.map((b: { id: string }) => b.id)).toEqual([
        w.ids.boBoard,
      ])
      expect(read('followers.json')).toEqual(await people('follower_id', 'followee_id'))
      expect(
        read('followers.json')
          .map((p: { username: string }) => p.username)
          .sort(),
      ).toEqual([w.bo.username, w.cy.username].sort())
      const blocks = await db()
        .selectFrom('blocks as bl')
        .innerJoin('users as u', 'u.id', 'bl.blocked_id')
        .select(['u.username', 'bl.created_at'])
        .where('bl.blocker_id', '=', anaId)
        .execute()
      expect(read('blocks.json')).toEqual(blocks)
      expect(read('blocks.json').map((b: { username: string }) => b.username)).toEqual([
        w.eve.username,
      ])

      // conversations: the messages she could see, as the messaging API shows them to her
      for (const m of memberships) {
        const id = String(m.conversation_id)
        const file = read(`conversations/${id}.json`)
        const rows = await db()
          .selectFrom('messages as msg')
          .innerJoin('users as su', 'su.id', 'msg.sender_id')
          .select(['msg.id', 'msg.seq', 'su.username', 'msg.text', 'msg.created_at'])
          .where('msg.conversation_id', '=', m.conversation_id)
          .where('msg.seq', '>', m.joined_seq)
          .orderBy('msg.seq')
          .execute()
        expect(
          file.messages.map((x: Record<string, unknown>) => ({
            id: x.id,
            seq: x.seq,
            sender: x.sender,
            text: x.text,
            created_at: x.created_at,
          })),
        ).toEqual(
          rows.map((r) => ({
            id: String(r.id),
            seq: Number(r.seq),
            sender: r.username,
            text: r.text,
            created_at: r.created_at,
          })),
        )
        const api = await ana.call({ method: 'GET', url: `/v5/conversations/${id}/messages` })
        const apiIds = (api.json().items as { id: string }[]).map((x) => x.id).sort()
        expect(file.messages.map((x: { id: string }) => x.id).sort()).toEqual(apiIds)
      }
      const group = read(`conversations/${w.ids.group}.json`)
      expect(group.messages.map((x: { text: string }) => x.text)).toEqual(['ana here', 'welcome'])
      expect(group.messages.map((x: { id: string }) => x.id)).not.toContain(w.ids.beforeAnaJoined)
      expect(group).toMatchObject({ is_group: true, title: 'Trip', left: false })
      const pair = read(`conversations/${w.ids.pair}.json`)
      expect(pair.messages[0]).toMatchObject({
        text: 'hello Bo',
        sender: ana.username,
        attachment: { type: 'pin', id: w.ids.pinA1 },
      })
      expect(files.get('README.txt')!.toString()).toContain('conversations/')

      // the mail, and the notice
      const mails = await db()
        .selectFrom('outbox_mail')
        .selectAll()
        .where('to', '=', user.email)
        .execute()
      expect(mails.map((m) => m.subject)).toContain('Your Corkboard data is ready to download')
      expect(mails.find((m) => m.subject.startsWith('Your Corkboard data'))!.text).toContain(
        'http://localhost:3000/settings/data',
      )
      const notices = await db()
        .selectFrom('notices')
        .selectAll()
        .where('user_id', '=', anaId)
        .where('kind', '=', 'export_ready')
        .execute()
      expect(notices).toHaveLength(1)
      expect(JSON.parse(notices[0]!.body)).toMatchObject({
        export_id: ready.id,
        expires_at: ready.expires_at,
      })
    })

    it('is the owner’s only: another account, or nobody, gets 404 / 401', async () => {
      const [mine] = (await w.ana.call({ method: 'GET', url: '/v5/user_account/exports' })).json()
        .items as { id: string }[]
      expect(mine).toBeDefined()
      for (const url of [
        `/v5/user_account/exports/${mine!.id}`,
        `/v5/user_account/exports/${mine!.id}/download`,
      ]) {
        expect((await w.bo.call({ method: 'GET', url })).statusCode).toBe(404)
        expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401)
      }
      expect(
        (await w.bo.call({ method: 'GET', url: '/v5/user_account/exports' })).json().items,
      ).toEqual([])
      // a token with user_accounts:read may download it
      const ok = await t.app.inject({
        method: 'GET',
        url: `/v5/user_account/exports/${mine!.id}/download`,
        headers: { authorization: `Bearer ${w.ana.token}` },
      })
      expect(ok.statusCode).toBe(200)
      // …but only with the scopes of what the ZIP holds: a narrower token cannot read messages,
      // pins or boards through it
      const made = await w.ana.call({
        method: 'POST',
        url: '/v5/user_account/tokens',
        payload: { name: 'account only', scopes: ['user_accounts:read'] },
      })
      expect(made.statusCode).toBe(201)
      const narrow = await t.app.inject({
        method: 'GET',
        url: `/v5/user_account/exports/${mine!.id}/download`,
        headers: { authorization: `Bearer ${made.json().token}` },
      })
      expect(narrow.statusCode).toBe(403)
      expect(narrow.json()).toMatchObject({ code: 403, reason: 'insufficient_scope' })
    })

    it('one at a time (409 while one is being made), three a day (429)', async () => {
      const carl = await signUp(t)
      await t.ctx.jobs.stop()
      try {
        const first = await carl.call({ method: 'POST', url: '/v5/user_account/exports' })
        expect(first.statusCode).toBe(202)
        const second = await carl.call({ method: 'POST', url: '/v5/user_account/exports' })
        expect(second.statusCode).toBe(409)
        expect(second.json()).toMatchObject({ code: 409, reason: 'export_in_progress' })
        const listed = (await carl.call({ method: 'GET', url: '/v5/user_account/exports' })).json()
        expect(listed.items).toMatchObject([
          { id: first.json().id, status: 'pending', download_url: null },
        ])
      } finally {
        t.ctx.jobs.start()
      }
      await waitFor('carl’s export', async () => {
        const [e] = (await carl.call({ method: 'GET', url: '/v5/user_account/exports' })).json()
          .items as { status: string }[]
        return e?.status === 'ready'
      })
      await requestAndWait(carl)
      await requestAndWait(carl)
      const fourth = await carl.call({ method: 'POST', url: '/v5/user_account/exports' })
      expect(fourth.statusCode).toBe(429)
      expect(fourth.json()).toMatchObject({ code: 429, reason: 'rate_limited' })
      expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(23 * 3600)
    })

    it('after 7 days: expired, 404 to download, its file deleted', async () => {
      const dee = w.dee
      const ready = await requestAndWait(dee)
      const row = await db()
        .selectFrom('data_exports')
        .select('file_key')
        .where('id', '=', Number(ready.id))
        .executeTakeFirstOrThrow()
      const file = join(exportsDir(), row.file_key!)
      expect(existsSync(file)).toBe(true)
      await db()
        .updateTable('data_exports')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', Number(ready.id))
        .execute()
      const got = (
        await dee.call({ method: 'GET', url: `/v5/user_account/exports/${ready.id}` })
      ).json()
      expect(got).toMatchObject({ status: 'expired', download_url: null })
      const download = await dee.call({
        method: 'GET',
        url: `/v5/user_account/exports/${ready.id}/download`,
      })
      expect(download.statusCode).toBe(404)
      // the sweep (at start, or the expiry job) deletes the file
      await t.ctx.services.dataExports.sweep()
      expect(existsSync(file)).toBe(false)
      const after = await db()
        .selectFrom('data_exports')
        .select(['status', 'file_key'])
        .where('id', '=', Number(ready.id))
        .executeTakeFirstOrThrow()
      expect(after).toEqual({ status: 'expired', file_key: null })
    })

    it('the expiry job runs at its time and deletes the file', async () => {
      const eve = w.eve
      const ready = await requestAndWait(eve)
      const row = await db()
        .selectFrom('data_exports')
        .select('file_key')
        .where('id', '=', Number(ready.id))
        .executeTakeFirstOrThrow()
      await db()
        .updateTable('data_exports')
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', Number(ready.id))
        .execute()
      // the job enqueued with the export, due in 7 days: brought forward
      await db()
        .updateTable('jobs')
        .set({ run_at: new Date(Date.now() - 1000).toISOString() })
        .where('type', '=', 'accounts.data_export_expire')
        .where('done_at', 'is', null)
        .execute()
      t.ctx.jobs.start()
      await waitFor(
        'the file to be deleted',
        () => !existsSync(join(exportsDir(), row.file_key!)),
        10_000,
      )
    })
  })
}
