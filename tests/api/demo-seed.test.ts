import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoBanner, seedDemoIfEmpty, type DemoSeed } from '../../server/demo/seed-demo'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { signUp } from '../support/users'

/** Fewer pictures than on a real first start keep this quick; the code path is the same. */
const OPTIONS = { pins: 420, images: 28 }

for (const dialect of DIALECTS) {
  describe(`demo seed [${dialect}]`, () => {
    let t: TestApp
    let summary: DemoSeed | null
    const count = async (query: string) => {
      const res = await sql<{ n: number }>`${sql.raw(query)}`.execute(t.ctx.db)
      return Number(res.rows[0]!.n)
    }

    beforeAll(async () => {
      t = await createTestApp(dialect)
      summary = await seedDemoIfEmpty(t.ctx, OPTIONS)
    }, 120_000)
    afterAll(() => t.close())

    it('builds the demo world into an empty database', async () => {
      expect(summary).not.toBeNull()
      expect(await count('select count(*) as n from users')).toBeGreaterThanOrEqual(33)
      expect(
        await count(
          "select count(*) as n from users where account_type = 'BUSINESS' and business_name is not null",
        ),
      ).toBe(3)
      expect(await count('select count(*) as n from pins')).toBeGreaterThanOrEqual(400)
      expect(
        await count("select count(*) as n from boards where privacy = 'SECRET'"),
      ).toBeGreaterThanOrEqual(3)
      expect(await count('select count(*) as n from board_sections')).toBeGreaterThan(0)
      expect(await count('select count(*) as n from board_follows')).toBeGreaterThanOrEqual(2)
      expect(
        await count('select count(*) as n from pins where parent_pin_id is not null'),
      ).toBeGreaterThan(50)
      expect(await count('select count(*) as n from pin_likes')).toBeGreaterThan(100)
      expect(await count('select count(*) as n from users where profile_image_key is null')).toBe(0)
    })

    it('has mutual and one-way follows', async () => {
      const reverse =
        'exists (select 1 from follows b where b.follower_id = a.followee_id and b.followee_id = a.follower_id)'
      expect(
        await count(`select count(*) as n from follows a where ${reverse}`),
      ).toBeGreaterThanOrEqual(20)
      expect(
        await count(`select count(*) as n from follows a where not ${reverse}`),
      ).toBeGreaterThan(0)
    })

    it('keeps every denormalised column right', async () => {
      expect(
        await count(
          "select count(*) as n from pins p join boards b on b.id = p.board_id where p.secret <> (case when b.privacy = 'SECRET' then 1 else 0 end)",
        ),
      ).toBe(0)
      expect(
        await count(
          'select count(*) as n from pins p where p.save_count <> (select count(*) from pins c where c.parent_pin_id = p.id)',
        ),
      ).toBe(0)
      expect(
        await count(
          'select count(*) as n from pins p where p.like_count <> (select count(*) from pin_likes l where l.pin_id = p.id)',
        ),
      ).toBe(0)
      expect(
        await count(
          'select count(*) as n from pins p join board_sections s on s.id = p.board_section_id where s.board_id <> p.board_id',
        ),
      ).toBe(0)
      expect(
        await count(
          'select count(*) as n from pins where owner_id <> (select owner_id from boards where boards.id = pins.board_id)',
        ),
      ).toBe(0)
      const pins = await t.ctx.db
        .selectFrom('pins')
        .select(['link', 'source_domain', 'media_key'])
        .execute()
      for (const pin of pins) {
        expect(pin.source_domain).toBe(new URL(pin.link!).hostname.replace(/^www\./, ''))
      }
      expect(existsSync(t.ctx.services.media.filePath(pins[0]!.media_key, '600x'))).toBe(true)
    })

    it('does nothing the second time', async () => {
      const before = await count('select count(*) as n from pins')
      expect(await seedDemoIfEmpty(t.ctx, OPTIONS)).toBeNull()
      expect(await count('select count(*) as n from pins')).toBe(before)
    })

    const login = (username: string, password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/v5/auth/login',
        payload: { username_or_email: username, password },
      })

    it("gives the demo accounts this installation's own password, kept in DATA_DIR", async () => {
      const password = summary!.password
      // 16 random base32 characters (80 bits), in groups of four to read out
      expect(password).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/)
      const file = join(t.ctx.config.dataDir, 'demo-password')
      expect(readFileSync(file, 'utf8').trim()).toBe(password)
      expect(statSync(file).mode & 0o077).toBe(0)
      // the once published fixed password opens nothing
      expect((await login('ana', 'corkboard-demo')).statusCode).toBe(401)
      // the start banner shows it, and again on a later start
      expect(await demoBanner(t.ctx)).toContain(`password for all: ${password}`)
      t = await t.reopen()
      expect(await demoBanner(t.ctx)).toContain(`password for all: ${password}`)
      // an installation without the demo world shows no logins
      const plain = await createTestApp(dialect)
      try {
        expect(await demoBanner(plain.ctx)).toBeNull()
      } finally {
        await plain.close()
      }
    })

    it('lets a demo person and a brand log in with the printed password, and shows a feed', async () => {
      for (const username of ['ana', 'trailhead']) {
        const res = await login(username, summary!.password)
        expect(res.statusCode).toBe(200)
        const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
        const feed = await t.app.inject({ method: 'GET', url: '/v5/feed', headers: { cookie } })
        expect(feed.statusCode).toBe(200)
        expect(feed.json().items.length).toBeGreaterThan(0)
      }
    })

    it('hides secret-board pins from others', async () => {
      const secret = await t.ctx.db
        .selectFrom('pins')
        .select('id')
        .where('secret', '=', 1)
        .executeTakeFirstOrThrow()
      const res = await t.app.inject({ method: 'GET', url: `/v5/pins/${secret.id}` })
      expect(res.statusCode).toBe(404)
    })

    it('leaves the id sequences past the seeded rows, so new sign-ups and boards work', async () => {
      const newcomer = await signUp(t)
      const board = await newcomer.call({
        method: 'POST',
        url: '/v5/boards',
        payload: { name: 'After the demo' },
      })
      expect(board.statusCode).toBe(201)
    })
  })
}
