import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeArgs } from '../support/bundled'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'

const ROOT = join(import.meta.dirname, '..', '..')

/** `npm run admin -- …`, as an operator runs it: a process of its own on the server's database. */
for (const dialect of DIALECTS) {
  describe(`npm run admin [${dialect}]`, () => {
    let t: TestApp
    let admin: TestUser
    let bob: TestUser

    beforeAll(async () => {
      t = await createTestApp(dialect)
      admin = await signUp(t, `cli_admin_${dialect}`)
      bob = await signUp(t, `cli_bob_${dialect}`)
    })
    afterAll(() => t.close())

    /** Runs the CLI against the test app's database, with the server still running. */
    function admin_(...args: string[]) {
      const env: Record<string, string | undefined> = {
        ...process.env,
        DATA_DIR: t.ctx.config.dataDir,
        DATABASE_URL:
          dialect === 'postgres'
            ? t.pgSchema!.url
            : `sqlite:${join(t.ctx.config.dataDir, 'test.db')}`,
        LOG_LEVEL: 'silent',
      }
      return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [...nodeArgs('scripts/admin.ts'), ...args],
          { cwd: ROOT, env, timeout: 60_000 },
          (err, stdout, stderr) => {
            const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0
            resolve({ code, stdout, stderr })
          },
        )
      })
    }
    const roleOf = async (u: TestUser) =>
      (await callAs(t, u, { method: 'GET', url: '/v5/user_account' })).json().role
    const staffStatus = async (u: TestUser) =>
      (await callAs(t, u, { method: 'GET', url: '/v5/admin/staff' })).statusCode

    it('grants moderator by default, then admin; the running server sees it at once', async () => {
      expect(await roleOf(bob)).toBeNull()
      const granted = await admin_('grant', bob.username)
      expect(granted, granted.stderr).toMatchObject({ code: 0 })
      expect(granted.stdout.trim()).toBe(`${bob.username} is now a moderator.`)
      expect(await roleOf(bob)).toBe('moderator')
      expect(await staffStatus(bob)).toBe(403)

      const again = await admin_('grant', bob.username, 'moderator')
      expect(again.code).toBe(0)
      expect(again.stdout).toContain('already a moderator')

      const promoted = await admin_('grant', bob.username, 'admin')
      expect(promoted.code).toBe(0)
      expect(promoted.stdout.trim()).toBe(`${bob.username} is now an admin (was a moderator).`)
      expect(await roleOf(bob)).toBe('admin')
      expect(await staffStatus(bob)).toBe(200)

      const list = await admin_('list')
      expect(list.code).toBe(0)
      const lines = list.stdout.trim().split('\n')
      expect(lines).toHaveLength(2)
      expect(lines[0]).toMatch(new RegExp(`^admin\\s+${admin.username}\\s`))
      expect(lines[1]).toMatch(
        new RegExp(`^admin\\s+${bob.username}\\s+${bob.username}@example.com`),
      )
    })

    it('revokes; a revoked role ends at once; every change is audited with no actor', async () => {
      const revoked = await admin_('revoke', bob.username)
      expect(revoked.code).toBe(0)
      expect(revoked.stdout.trim()).toBe(`${bob.username} is no longer an admin.`)
      expect(await roleOf(bob)).toBeNull()
      expect(await staffStatus(bob)).toBe(403)
      const nothing = await admin_('revoke', bob.username)
      expect(nothing.code).toBe(0)
      expect(nothing.stdout).toContain('holds no role')

      const log = await t.ctx.db
        .selectFrom('moderation_log')
        .selectAll()
        .where('target_user_id', '=', Number(bob.id))
        .orderBy('id')
        .execute()
      expect(log.map((l) => [l.action, l.actor_id, l.target_type, JSON.parse(l.detail!)])).toEqual([
        ['grant', null, 'user', { role: 'moderator', previous: null }],
        ['grant', null, 'user', { role: 'admin', previous: 'moderator' }],
        ['revoke', null, 'user', { role: null, previous: 'admin' }],
      ])
    })

    it('answers mistakes with a message and an exit code, changing nothing', async () => {
      const unknown = await admin_('grant', 'nobody_here_at_all')
      expect(unknown.code).toBe(67)
      expect(unknown.stderr).toContain('No account is named "nobody_here_at_all"')
      const role = await admin_('grant', bob.username, 'owner')
      expect(role.code).toBe(64)
      expect(role.stderr).toContain('Unknown role "owner"')
      const none = await admin_()
      expect(none.code).toBe(64)
      expect(none.stderr).toContain('npm run admin -- grant <username>')
      const what = await admin_('promote', bob.username)
      expect(what.code).toBe(64)
      expect(what.stderr).toContain('Unknown command "promote"')
      const missing = await admin_('revoke')
      expect(missing.code).toBe(64)
      expect(await roleOf(bob)).toBeNull()
    })
  })
}
