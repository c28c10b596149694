import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BrandLedger, writeHistory } from '../../server/demo/brand-history'
import { createRng } from '../../server/demo/prng'
import { demoBanner, seedDemoIfEmpty, type DemoSeed } from '../../server/demo/seed-demo'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { signUp } from '../support/users'

/** Fewer pictures than on a real first start keep this quick; the code path is the same. */
const OPTIONS = { pins: 420, images: 28 }

describe('demo analytics history', () => {
  const history = (seed: string) => {
    const ledger = new BrandLedger(7)
    writeHistory({
      rng: createRng(seed),
      ledger,
      pins: [1, 2, 3, 4].map((id) => ({ id, created_at: '2026-01-01T00:00:00.000Z' })),
      promotion: { pinId: 2, start: '2026-03-20', end: '2026-03-27' },
      until: Date.parse('2026-04-01T00:00:00.000Z'),
      days: 60,
      audience: [8, 9, 10].map((userId) => ({ userId, weight: userId === 8 ? 3 : 1 })),
      brandIndex: 0,
    })
    return ledger.rows()
  }

  it('is the same for the same seed, and another for another', () => {
    const a = history('s')
    expect(history('s')).toEqual(a)
    expect(history('t')).not.toEqual(a)
    expect(new Set(a.days.map((d) => d.day)).size).toBe(60)
    expect(a.days.every((d) => d.day >= '2026-01-31' && d.day <= '2026-03-31')).toBe(true)
    // every send is credited to someone, never to the brand
    const sends = a.days.reduce((n, d) => n + d.message_sends, 0)
    expect(a.influence.reduce((n, r) => n + r.sends, 0)).toBe(sends)
    expect(a.influence.every((r) => r.user_id !== 7)).toBe(true)
  })
})

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

    const rows = async <T>(query: string) =>
      (await sql<T>`${sql.raw(query)}`.execute(t.ctx.db)).rows
    const brandsOf = () =>
      rows<{ id: number; username: string }>(
        "select id, username from users where account_type = 'BUSINESS' order by id",
      )
    /** participants from what happened: first save or send of the pin in the window, by others */
    const actsOf = (promotionId: number) =>
      rows<{ user_id: number; at: string; how: string }>(
        `select x.user_id, x.at, x.how from (
           select c.owner_id as user_id, c.created_at as at, 'save' as how
             from pins c join promotions p on c.parent_pin_id = p.pin_id where p.id = ${promotionId}
               and c.owner_id <> p.brand_id and c.created_at >= p.start_date
               and c.created_at < p.end_date || 'T99'
           union all
           select m.sender_id, m.created_at, 'send' from messages m join promotions p
             on m.attachment_type = 'pin' and m.attachment_id = p.pin_id where p.id = ${promotionId}
               and m.sender_id <> p.brand_id and m.created_at >= p.start_date
               and m.created_at < p.end_date || 'T99') x order by x.at, x.user_id`,
      )
    const firstActs = (acts: { user_id: number; at: string }[], before = '9999') => {
      const first = new Map<number, string>()
      for (const a of acts) {
        if (a.at < before && !first.has(Number(a.user_id))) first.set(Number(a.user_id), a.at)
      }
      return first
    }

    it('gives each brand a promotion of its own pin, with participants who saved or sent it', async () => {
      expect(summary!.business.promotions).toBe(3)
      for (const brand of await brandsOf()) {
        const [promotion, ...more] = await rows<{
          id: number
          pin_id: number
          start_date: string
          end_date: string
          counts: string
        }>(`select * from promotions where brand_id = ${brand.id}`)
        expect(more).toEqual([])
        const [pin] = await rows<{
          owner_id: number
          parent_pin_id: number | null
          secret: number
        }>(`select owner_id, parent_pin_id, secret from pins where id = ${promotion!.pin_id}`)
        expect(pin).toMatchObject({ parent_pin_id: null, secret: 0 })
        expect(Number(pin!.owner_id)).toBe(Number(brand.id))
        // a window covering recent days
        const today = new Date().toISOString().slice(0, 10)
        expect(promotion!.start_date < today).toBe(true)
        expect(
          promotion!.end_date >= new Date(Date.now() - 3 * 86400_000).toISOString().slice(0, 10),
        ).toBe(true)
        const acts = await actsOf(promotion!.id)
        expect(firstActs(acts).size).toBeGreaterThanOrEqual(5)
        expect(acts.some((a) => a.how === 'save')).toBe(true)
        expect(acts.some((a) => a.how === 'send')).toBe(true)
      }
      // the sends are 1:1s between friends (mutual follows), with gapless seqs
      expect(
        await count(`select count(*) as n from messages m join conversations c on c.id = m.conversation_id
          where m.attachment_type = 'pin' and (c.is_group <> 0 or not exists (select 1 from follows f
            join follows g on g.follower_id = f.followee_id and g.followee_id = f.follower_id
            join conversation_members o on o.user_id = f.followee_id and o.conversation_id = c.id
            where f.follower_id = m.sender_id))`),
      ).toBe(0)
      expect(
        await count(`select count(*) as n from conversations c where c.last_seq <> (select count(*)
          from messages m where m.conversation_id = c.id) or c.last_seq <> (select max(seq) from messages m where m.conversation_id = c.id)`),
      ).toBe(0)
      expect(
        await count(
          'select count(*) as n from conversation_members where digest_seq < (select last_seq from conversations c where c.id = conversation_id)',
        ),
      ).toBe(0)
    })

    it('has a finished thank-you run per promotion: one 1:1 each for those the rules allow, counts matching its items', async () => {
      let late = 0
      for (const brand of await brandsOf()) {
        const [run, ...more] = await rows<Record<string, number | string>>(
          `select r.* from promotion_runs r join promotions p on p.id = r.promotion_id where p.brand_id = ${brand.id}`,
        )
        expect(more).toEqual([])
        expect(run!.status).toBe('done')
        expect(run!.finished_at).not.toBeNull()
        const items = await rows<{ user_id: number; outcome: string; message_id: number | null }>(
          `select user_id, outcome, message_id from promotion_run_items where run_id = ${run!.id}`,
        )
        const n = (o: string) => items.filter((i) => i.outcome === o).length
        expect(Number(run!.total)).toBe(items.length)
        expect(Number(run!.step)).toBe(items.length)
        expect(Number(run!.sent)).toBe(n('sent'))
        expect(Number(run!.sent)).toBeGreaterThan(0)
        for (const reason of ['not_mutual', 'blocked', 'policy_nobody', 'already_thanked'])
          expect(Number(run![`skipped_${reason}`])).toBe(n(reason))
        expect(items.length).toBe(
          n('sent') + n('not_mutual') + n('blocked') + n('policy_nobody') + n('already_thanked'),
        )
        // the run took exactly the participants who had taken part when it started
        const acts = await actsOf(Number(run!.promotion_id))
        const before = firstActs(acts, String(run!.created_at))
        expect(new Set(items.map((i) => Number(i.user_id)))).toEqual(new Set(before.keys()))
        late += firstActs(acts).size - before.size
        // sent: a 1:1 between brand and participant, naming the promotion, thanked once;
        // skipped: the rules would refuse (here, they do not follow each other)
        for (const item of items) {
          const mutual =
            await count(`select count(*) as n from follows where (follower_id = ${brand.id}
            and followee_id = ${item.user_id}) or (follower_id = ${item.user_id} and followee_id = ${brand.id})`)
          expect(mutual === 2).toBe(item.outcome === 'sent')
        }
        const thanked = await rows<{ user_id: number; message_id: number }>(
          `select t.user_id, t.message_id from promotion_thanks t where t.run_id = ${run!.id}`,
        )
        expect(thanked.length).toBe(n('sent'))
        for (const t of thanked) {
          const [m] = await rows<Record<string, string | number | null>>(
            `select m.sender_id, m.promotion_id, m.client_message_id, c.is_group, c.pair_key from messages m
              join conversations c on c.id = m.conversation_id where m.id = ${t.message_id}`,
          )
          const pair = [Number(brand.id), Number(t.user_id)].sort((a, b) => a - b).join(':')
          expect(m).toMatchObject({ is_group: 0, pair_key: pair })
          expect(Number(m!.sender_id)).toBe(Number(brand.id))
          expect(Number(m!.promotion_id)).toBe(Number(run!.promotion_id))
          expect(m!.client_message_id).toBe(`thank-you:${run!.promotion_id}:${t.user_id}`)
          expect(items.find((i) => Number(i.user_id) === Number(t.user_id))).toMatchObject({
            outcome: 'sent',
          })
        }
      }
      expect(summary!.business.thanked).toBeGreaterThan(5)
      // some took part after the run: a second run would have someone new to thank
      expect(late).toBeGreaterThan(0)
    })

    it('gives the brands influencers among their followers and two months of analytics per pin', async () => {
      const today = new Date().toISOString().slice(0, 10)
      for (const brand of await brandsOf()) {
        const influencers = await count(`select count(*) as n from brand_influence i join follows f
          on f.follower_id = i.user_id and f.followee_id = i.brand_id where i.brand_id = ${brand.id}
          and i.sends + i.saves_via_message + i.clicks_via_message + i.invites_accepted > 0`)
        expect(influencers).toBeGreaterThanOrEqual(3)
        const [range] = await rows<{ first: string; last: string; days: number }>(
          `select min(day) as first, max(day) as last, count(distinct day) as days from analytics_pin_days where owner_id = ${brand.id}`,
        )
        expect(Number(range!.days)).toBeGreaterThanOrEqual(55)
        expect(range!.last <= today).toBe(true)
        expect(
          await count(`select count(*) as n from analytics_pin_days a left join pins p on p.id = a.pin_id
            where a.owner_id = ${brand.id} and (p.owner_id is null or p.owner_id <> a.owner_id)`),
        ).toBe(0)
        // the funnel narrows, and the promoted pin is busier during its promotion
        const [sums] = await rows<Record<string, number>>(
          `select sum(impressions) as i, sum(closeups) as c, sum(saves) as s, sum(message_sends) as m,
            sum(saves_via_message) as sm, sum(invites_accepted) as ia from analytics_pin_days where owner_id = ${brand.id}`,
        )
        const [i, c, s, m] = [sums!.i, sums!.c, sums!.s, sums!.m].map(Number)
        expect(i).toBeGreaterThan(c!)
        expect(c).toBeGreaterThan(s!)
        expect(m).toBeGreaterThan(0)
        const [bump] = await rows<{ inside: number; outside: number }>(
          `select avg(case when a.day between p.start_date and p.end_date then a.impressions end) as inside,
             avg(case when a.day < p.start_date then a.impressions end) as outside
           from analytics_pin_days a join promotions p on p.pin_id = a.pin_id where p.brand_id = ${brand.id}`,
        )
        expect(Number(bump!.inside)).toBeGreaterThan(Number(bump!.outside))
        // distinct conversations and inviters behind the message metrics
        expect(
          await count(`select count(*) as n from analytics_pin_days a where a.owner_id = ${brand.id} and (
            (select count(*) from analytics_pin_conversations c where c.pin_id = a.pin_id and c.day = a.day)
              not between (case when a.message_sends > 0 then 1 else 0 end) and a.message_sends
            or (select count(*) from analytics_pin_inviters v where v.pin_id = a.pin_id and v.day = a.day) > a.invites_sent)`),
        ).toBe(0)
      }
    })

    it('shows each brand its promotion, participants, finished run and influencers through the API', async () => {
      for (const brand of await brandsOf()) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/v5/auth/login',
          payload: { username_or_email: brand.username, password: summary!.password },
        })
        const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
        const get = async (url: string) => {
          const r = await t.app.inject({ method: 'GET', url, headers: { cookie } })
          expect(r.statusCode, r.body).toBe(200)
          return r.json()
        }
        const { items: promotions } = await get('/v5/promotions')
        expect(promotions).toHaveLength(1)
        const id = promotions[0].id
        const participants: {
          user: { username: string }
          thanked_at: string | null
          can_message: boolean
        }[] = []
        let url = `/v5/promotions/${id}/participants`
        for (;;) {
          const page = await get(url)
          participants.push(...page.items)
          if (!page.bookmark) break
          url = `/v5/promotions/${id}/participants?bookmark=${encodeURIComponent(page.bookmark)}`
        }
        expect(participants.length).toBe(firstActs(await actsOf(Number(id))).size)
        const thanked = participants.filter((p) => p.thanked_at)
        expect(thanked.length).toBeGreaterThan(0)
        expect(thanked.every((p) => p.can_message)).toBe(true)
        const run = await get(`/v5/promotions/${id}/thank_you`)
        expect(run).toMatchObject({ status: 'done', remaining: 0, sent: thanked.length })
        expect((await get('/v5/brand/influencers')).items.length).toBeGreaterThanOrEqual(3)
        // two months of analytics: the dashboard's charts have something to show
        const day = (offset: number) =>
          new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)
        const range = `start_date=${day(-60)}&end_date=${day(0)}`
        const report = await get(`/v5/brand/analytics?${range}`)
        expect(report.daily).toHaveLength(61)
        expect(
          report.daily.filter((d: { impressions: number }) => d.impressions > 0).length,
        ).toBeGreaterThanOrEqual(55)
        expect(report.summary.message_sends).toBeGreaterThan(0)
        expect(report.summary.message_conversations).toBeGreaterThan(0)
        expect(report.summary.message_conversations).toBeLessThanOrEqual(
          report.summary.message_sends,
        )
        const pin = await get(`/v5/brand/analytics?${range}&pin_id=${promotions[0].pin_id}`)
        expect(pin.summary.saves).toBeGreaterThan(0)
      }
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
