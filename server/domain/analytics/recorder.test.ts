import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase, type DbHandle } from '../../db/database'
import { migrate } from '../../db/migrate'
import { createAnalyticsRecorder, type AnalyticsRecorder } from './recorder'

/** The recorder over an in-memory SQLite database: counts, exclusions, failed flushes. */
describe('analytics recorder', () => {
  let handle: DbHandle
  let recorder: AnalyticsRecorder
  let clock = Date.parse('2026-03-10T23:59:59.500Z')
  const BRAND = 1
  const PINNER = 2
  const FAN = 3

  beforeEach(async () => {
    handle = openDatabase({ dialect: 'sqlite', sqlitePath: ':memory:' })
    await migrate(handle.db, 'sqlite')
    const user = (id: number, account_type: 'PINNER' | 'BUSINESS') => ({
      id,
      username: `u${id}`,
      email: `u${id}@example.com`,
      password_hash: 'x',
      account_type,
      business_name: null,
      about: '',
      website_url: null,
      profile_image_key: null,
      message_policy: 'mutual' as const,
      created_at: new Date().toISOString(),
      last_seen_at: null,
    })
    await handle.db
      .insertInto('users')
      .values([user(BRAND, 'BUSINESS'), user(PINNER, 'PINNER'), user(FAN, 'PINNER')])
      .execute()
    clock = Date.parse('2026-03-10T23:59:59.500Z')
    recorder = createAnalyticsRecorder({ db: handle.db, now: () => clock })
  })
  afterEach(async () => {
    await recorder.close()
    await handle.close()
  })

  const days = () => handle.db.selectFrom('analytics_pin_days').selectAll().orderBy('day').execute()

  it('counts per pin and UTC day; the owner never counts; only business pins are kept', async () => {
    recorder.impressions(FAN, [
      { id: 10, ownerId: BRAND },
      { id: 20, ownerId: PINNER },
    ])
    recorder.impressions(BRAND, [{ id: 10, ownerId: BRAND }])
    recorder.pin({ pinId: 10, ownerId: BRAND, actorId: BRAND, metric: 'saves' })
    recorder.pin({ pinId: 10, ownerId: BRAND, actorId: null, metric: 'closeups' })
    clock += 1000 // past midnight: the next day
    recorder.pin({ pinId: 10, ownerId: BRAND, actorId: FAN, metric: 'saves' })
    expect(recorder.pendingCount()).toBe(4)
    await recorder.flush()
    expect(recorder.pendingCount()).toBe(0)
    const rows = await days()
    expect(rows.map((r) => [r.pin_id, r.day, r.impressions, r.closeups, r.saves])).toEqual([
      [10, '2026-03-10', 1, 1, 0],
      [10, '2026-03-11', 0, 0, 1],
    ])
  })

  it('adds to what is stored; distinct conversations and inviters once each; influence credited', async () => {
    const send = (conversationId: number) =>
      recorder.pin({
        pinId: 10,
        ownerId: BRAND,
        actorId: FAN,
        metric: 'message_sends',
        conversationId,
        creditUserId: FAN,
      })
    send(7)
    send(7)
    await recorder.flush()
    send(7)
    send(8)
    recorder.pin({
      pinId: 10,
      ownerId: BRAND,
      actorId: FAN,
      metric: 'invites_sent',
      inviterId: FAN,
    })
    await recorder.flush()
    const [row] = await days()
    expect(row!.message_sends).toBe(4)
    expect(row!.invites_sent).toBe(1)
    const conversations = await handle.db
      .selectFrom('analytics_pin_conversations')
      .select('conversation_id')
      .orderBy('conversation_id')
      .execute()
    expect(conversations.map((c) => c.conversation_id)).toEqual([7, 8])
    const influence = await handle.db.selectFrom('brand_influence').selectAll().execute()
    expect(influence).toMatchObject([{ brand_id: BRAND, user_id: FAN, sends: 4 }])
  })

  it('keeps a failed flush for the next one, with what came in between', async () => {
    recorder.pin({ pinId: 10, ownerId: BRAND, actorId: FAN, metric: 'saves' })
    await sql`alter table analytics_pin_days rename to moved_away`.execute(handle.db)
    await expect(recorder.flush()).rejects.toThrow()
    recorder.pin({ pinId: 10, ownerId: BRAND, actorId: FAN, metric: 'saves' })
    expect(recorder.pendingCount()).toBe(2)
    await sql`alter table moved_away rename to analytics_pin_days`.execute(handle.db)
    await recorder.flush()
    const [row] = await days()
    expect(row!.saves).toBe(2)
    // written once: another flush adds nothing
    await recorder.flush()
    expect((await days())[0]!.saves).toBe(2)
  })

  it('flushes what is left on close, once', async () => {
    recorder.pin({ pinId: 10, ownerId: BRAND, actorId: FAN, metric: 'source_clicks' })
    await recorder.close()
    await recorder.close()
    expect((await days())[0]!.source_clicks).toBe(1)
  })

  it('writes a big batch in parts: every row once, the owner roll-up equal to its pins', async () => {
    // 1,000 pins on one day: three parts of at most 400 rows
    for (let pin = 1; pin <= 1000; pin++) {
      recorder.impressions(FAN, [{ id: pin, ownerId: BRAND }])
      if (pin % 2) recorder.pin({ pinId: pin, ownerId: BRAND, actorId: FAN, metric: 'saves' })
    }
    await recorder.flush()
    const rows = await days()
    expect(rows).toHaveLength(1000)
    expect(rows.every((r) => r.impressions === 1)).toBe(true)
    const owner = await handle.db.selectFrom('analytics_owner_days').selectAll().execute()
    expect(owner.map((r) => [r.owner_id, r.day, r.impressions, r.saves])).toEqual([
      [BRAND, '2026-03-10', 1000, 500],
    ])
  })

  it('records a million events in memory quickly (the request path)', () => {
    const started = performance.now()
    for (let i = 0; i < 1_000_000; i++) {
      recorder.pin({ pinId: i % 500, ownerId: BRAND, actorId: FAN, metric: 'closeups' })
    }
    const perEventNs = ((performance.now() - started) * 1e6) / 1_000_000
    expect(recorder.pendingCount()).toBe(1_000_000)
    expect(perEventNs).toBeLessThan(2_000)
  })
})
