import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_ADMIN, demoLoginsBox, seedDemoIfEmpty } from '../../server/demo/seed-demo'
import { setRole } from '../../server/domain/moderation/instance'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, freshUsername, signUp, type TestUser } from '../support/users'
import { waitFor } from '../support/wait'
import { createPin, makeBoard } from './pin-fixtures'

/** Roles (the first account is the admin), the instance's settings, and who may sign up. */
for (const dialect of DIALECTS) {
  describe(`instance and roles [${dialect}]`, () => {
    let t: TestApp
    let admin: TestUser
    let mod: TestUser
    let pinner: TestUser
    let address = 0

    /** A sign-up from an address of its own, answered as it is (no token made). */
    const trySignup = (fields: Record<string, unknown>) => {
      const username = (fields.username as string | undefined) ?? freshUsername('su')
      return t.app.inject({
        method: 'POST',
        url: '/v5/auth/signup',
        remoteAddress: `10.99.${dialect === 'sqlite' ? 1 : 2}.${++address}`,
        payload: {
          username,
          email: `${username}@example.com`,
          password: 'correct horse battery',
          ...fields,
        },
      })
    }
    const setRegistrations = async (registrations: string) => {
      const res = await callAs(t, admin, {
        method: 'PATCH',
        url: '/v5/admin/settings',
        payload: { registrations },
      })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toEqual({ registrations })
    }

    beforeAll(async () => {
      t = await createTestApp(dialect)
      admin = await signUp(t, `first_${dialect}`)
      mod = await signUp(t, `mod_${dialect}`)
      pinner = await signUp(t, `pinner_${dialect}`)
      const granted = await setRole(t.ctx.db, mod.username, 'moderator', Number(admin.id))
      expect(granted).toMatchObject({ ok: true, changed: true })
    })
    afterAll(() => t.close())

    it('makes the first account the admin; roles show only in the own account', async () => {
      const own = async (u: TestUser) =>
        (await callAs(t, u, { method: 'GET', url: '/v5/user_account' })).json().role
      expect(await own(admin)).toBe('admin')
      expect(await own(mod)).toBe('moderator')
      expect(await own(pinner)).toBeNull()
      // the session after a reload says it too (the web app's Admin link)
      const session = await callAs(t, admin, { method: 'GET', url: '/v5/auth/session' }, 'session')
      expect(session.json().account.role).toBe('admin')
      // no one else sees a role: not a profile, not a people search
      for (const viewer of [pinner, mod, null]) {
        const profile = await callAs(t, viewer, {
          method: 'GET',
          url: `/v5/users/${admin.username}`,
        })
        expect(profile.statusCode).toBe(200)
        expect(profile.json()).not.toHaveProperty('role')
      }
      const people = await callAs(t, pinner, {
        method: 'GET',
        url: `/v5/search/users?query=${admin.username}`,
      })
      expect(people.body).not.toContain('"role"')
    })

    it('lets only admins read and change the settings and the staff list', async () => {
      for (const who of [pinner, mod]) {
        for (const req of [
          { method: 'GET' as const, url: '/v5/admin/settings' },
          {
            method: 'PATCH' as const,
            url: '/v5/admin/settings',
            payload: { registrations: 'closed' },
          },
          { method: 'GET' as const, url: '/v5/admin/staff' },
        ]) {
          const res = await callAs(t, who, req)
          expect(res.statusCode, `${who.username} ${req.method} ${req.url}`).toBe(403)
          expect(res.json().reason).toBe('not_admin')
        }
      }
      const anon = await callAs(t, null, { method: 'GET', url: '/v5/admin/settings' })
      expect(anon.statusCode).toBe(401)
      expect((await callAs(t, null, { method: 'GET', url: '/v5/instance' })).json()).toEqual({
        registrations: 'open',
      })
      const settings = await callAs(t, admin, { method: 'GET', url: '/v5/admin/settings' })
      expect(settings.json()).toEqual({ registrations: 'open' })
      const bad = await callAs(t, admin, {
        method: 'PATCH',
        url: '/v5/admin/settings',
        payload: { registrations: 'sometimes' },
      })
      expect(bad.statusCode).toBe(400)
      const staff = await callAs(t, admin, { method: 'GET', url: '/v5/admin/staff' })
      expect(staff.statusCode).toBe(200)
      expect(
        staff.json().items.map((s: { username: string; role: string }) => [s.username, s.role]),
      ).toEqual([
        [admin.username, 'admin'],
        [mod.username, 'moderator'],
      ])
      expect(staff.json().items[0]).toMatchObject({ type: 'user', id: admin.id })
    })

    it('a revoked role ends at once', async () => {
      const extra = await signUp(t)
      await setRole(t.ctx.db, extra.username, 'admin', Number(admin.id))
      expect((await callAs(t, extra, { method: 'GET', url: '/v5/admin/staff' })).statusCode).toBe(
        200,
      )
      await setRole(t.ctx.db, extra.username, null, Number(admin.id))
      const after = await callAs(t, extra, { method: 'GET', url: '/v5/admin/staff' })
      expect(after.statusCode).toBe(403)
    })

    it('closes registrations: 403 registrations_closed, audited, open again', async () => {
      await setRegistrations('closed')
      expect((await callAs(t, null, { method: 'GET', url: '/v5/instance' })).json()).toEqual({
        registrations: 'closed',
      })
      const username = freshUsername('closed')
      const res = await trySignup({ username })
      expect(res.statusCode).toBe(403)
      expect(res.json()).toMatchObject({ reason: 'registrations_closed' })
      expect(res.json().message).toMatch(/closed/i)
      const made = await t.ctx.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirst()
      expect(made).toBeUndefined()
      // members still log in
      const login = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/login',
        payload: { username_or_email: pinner.username, password: 'correct horse battery' },
      })
      expect(login.statusCode).toBe(200)
      const log = await t.ctx.db
        .selectFrom('moderation_log')
        .selectAll()
        .where('action', '=', 'settings')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow()
      expect(Number(log.actor_id)).toBe(Number(admin.id))
      expect(log.target_type).toBe('settings')
      expect(JSON.parse(log.detail!)).toEqual({ registrations: { from: 'open', to: 'closed' } })
      // the same value again changes nothing and writes nothing
      const before = await countLog('settings')
      await setRegistrations('closed')
      expect(await countLog('settings')).toBe(before)
      await setRegistrations('open')
      expect((await trySignup({})).statusCode).toBe(201)
    })

    async function countLog(action: 'settings' | 'grant' | 'revoke') {
      const row = await t.ctx.db
        .selectFrom('moderation_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', action)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    }

    /** The invite token in the newest mail to `email` (a member shared a pin to the address). */
    async function inviteTo(email: string) {
      const board = await makeBoard(t, pinner)
      const pin = await createPin(t, pinner, board, { title: 'Invite me' })
      const share = await callAs(t, pinner, {
        method: 'POST',
        url: '/v5/share',
        payload: {
          recipients: [{ email }],
          attachment: { type: 'pin', id: pin.id },
          text: 'join us',
          client_message_id: `inv-${email}`,
        },
      })
      expect(share.statusCode, share.body).toBe(201)
      let text = ''
      await waitFor(`a mail to ${email}`, async () => {
        text = (await t.ctx.mailer.outbox!.list(100)).find((m) => m.to === email)?.text ?? ''
        return text !== ''
      })
      return decodeURIComponent(/\/invite\/(\S+)/.exec(text)![1]!)
    }

    it('invite-only: a sign-up needs a valid invite sent to its address, accepted with it', async () => {
      const username = freshUsername('invited')
      const email = `${username}@example.com`
      const token = await inviteTo(email)
      await setRegistrations('invite_only')
      try {
        expect((await callAs(t, null, { method: 'GET', url: '/v5/instance' })).json()).toEqual({
          registrations: 'invite_only',
        })
        const without = await trySignup({})
        expect(without.statusCode).toBe(403)
        expect(without.json().reason).toBe('invite_required')
        const bogus = await trySignup({ invite_token: 'inv_' + 'x'.repeat(40) })
        expect(bogus.json().reason).toBe('invite_required')
        // someone else's invite admits no one else (it is bound to its address)
        const other = await trySignup({ invite_token: token })
        expect(other.statusCode).toBe(403)
        expect(other.json().reason).toBe('invite_required')

        const res = await trySignup({ username, invite_token: token })
        expect(res.statusCode, res.body).toBe(201)
        expect(res.json().invite).toMatchObject({ accepted: true })
        const invite = await t.ctx.db
          .selectFrom('invites')
          .select(['accepted_by', 'accepted_at'])
          .where('email', '=', email)
          .executeTakeFirstOrThrow()
        expect(String(invite.accepted_by)).toBe(res.json().account.id)
        // the inviter and the new member follow each other (accepted in the sign-up's unit)
        const follows = await t.ctx.db
          .selectFrom('follows')
          .select('follower_id')
          .where('followee_id', '=', Number(res.json().account.id))
          .execute()
        expect(follows.map((f) => String(f.follower_id))).toEqual([pinner.id])

        // used: it admits no one again
        const again = await trySignup({
          username: freshUsername('again'),
          email,
          invite_token: token,
        })
        expect(again.statusCode).toBe(403)

        // expired: refused
        const lateName = freshUsername('late')
        const late = await inviteTo(`${lateName}@example.com`)
        await t.ctx.db
          .updateTable('invites')
          .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
          .where('email', '=', `${lateName}@example.com`)
          .execute()
        const expired = await trySignup({ username: lateName, invite_token: late })
        expect(expired.json().reason).toBe('invite_required')
      } finally {
        await setRegistrations('open')
      }
    })

    it('shows role and settings changes in the audit log (who, what)', async () => {
      const res = await callAs(t, mod, { method: 'GET', url: '/v5/admin/audit?page_size=100' })
      expect(res.statusCode, res.body).toBe(200)
      const items = res.json().items as {
        actor: { username: string } | null
        action: string
        target: { type: string; id: string } | null
        target_user: { username: string } | null
        detail: Record<string, unknown> | null
      }[]
      const grant = items.find(
        (i) => i.action === 'grant' && i.target_user?.username === mod.username,
      )
      expect(grant).toMatchObject({
        actor: { username: admin.username },
        target: { type: 'user', id: mod.id },
        detail: { role: 'moderator', previous: null },
      })
      const settings = items.find((i) => i.action === 'settings')
      expect(settings).toMatchObject({
        actor: { username: admin.username },
        target: null,
        target_user: null,
        detail: { registrations: { from: expect.any(String), to: expect.any(String) } },
      })
    })

    it('refuses a reserved username until its time is up (409 username_reserved)', async () => {
      const name = freshUsername('gone')
      await t.ctx.db
        .insertInto('reserved_usernames')
        .values({ username: name, until: new Date(Date.now() + 86_400_000).toISOString() })
        .execute()
      const res = await trySignup({ username: name })
      expect(res.statusCode).toBe(409)
      expect(res.json().reason).toBe('username_reserved')
      await t.ctx.db
        .updateTable('reserved_usernames')
        .set({ until: new Date(Date.now() - 1000).toISOString() })
        .where('username', '=', name)
        .execute()
      expect((await trySignup({ username: name })).statusCode).toBe(201)
    })
  })

  describe(`the first account of an empty instance [${dialect}]`, () => {
    it('is the admin, and only one of several signing up at once', async () => {
      const t = await createTestApp(dialect)
      try {
        const names = Array.from({ length: 6 }, () => freshUsername('race'))
        const answers = await Promise.all(
          names.map((username, i) =>
            t.app.inject({
              method: 'POST',
              url: '/v5/auth/signup',
              remoteAddress: `10.98.${dialect === 'sqlite' ? 1 : 2}.${i + 1}`,
              payload: {
                username,
                email: `${username}@example.com`,
                password: 'correct horse battery',
              },
            }),
          ),
        )
        expect(answers.map((a) => a.statusCode)).toEqual(names.map(() => 201))
        const roles = answers.map((a) => a.json().account.role)
        expect(roles.filter((r) => r === 'admin')).toHaveLength(1)
        expect(roles.filter((r) => r === null)).toHaveLength(5)
        const admins = await t.ctx.db
          .selectFrom('users')
          .select('username')
          .where('role', '=', 'admin')
          .execute()
        expect(admins).toHaveLength(1)
        // and later sign-ups are not
        const later = await signUp(t)
        const own = await callAs(t, later, { method: 'GET', url: '/v5/user_account' })
        expect(own.json().role).toBeNull()
      } finally {
        await t.close()
      }
    })
  })

  describe(`the demo world [${dialect}]`, () => {
    it('has its first person as the admin, named in the start banner', async () => {
      const t = await createTestApp(dialect)
      try {
        const seeded = await seedDemoIfEmpty(t.ctx, { pins: 40, images: 7 })
        expect(seeded).not.toBeNull()
        const admins = await t.ctx.db
          .selectFrom('users')
          .select('username')
          .where('role', 'is not', null)
          .execute()
        expect(admins).toEqual([{ username: DEMO_ADMIN }])
        expect(demoLoginsBox(seeded!.password)).toContain(`admin: ${DEMO_ADMIN} `)
        // a sign-up after the demo is not the admin
        const later = await signUp(t)
        expect(
          (await callAs(t, later, { method: 'GET', url: '/v5/user_account' })).json().role,
        ).toBeNull()
      } finally {
        await t.close()
      }
    })
  })
}
