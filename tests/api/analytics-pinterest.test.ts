import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Ajv from 'ajv'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import { createPin, follow, makeBoard } from './pin-fixtures'

const DAY = 86_400_000
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/**
 * Pinterest's own response schemas of these operations (copied unchanged from its OpenAPI spec
 * into tests/support), compiled (OpenAPI 3.0: its extra keywords allowed).
 */
const reference = JSON.parse(
  readFileSync(join(__dirname, '../support/pinterest-analytics-schemas.json'), 'utf8'),
)
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false })
ajv.addSchema({ ...reference, $id: 'pinterest' })
const schemaOf = (name: string) => ajv.compile({ $ref: `pinterest#/components/schemas/${name}` })
const validates = (name: string, body: unknown) => {
  const validate = schemaOf(name)
  const ok = validate(body)
  expect(ok, `${name}: ${JSON.stringify(validate.errors)}`).toBe(true)
}

/** Pinterest's own analytics operations, as a script written for Pinterest calls them. */
for (const dialect of DIALECTS) {
  describe(`Pinterest-compatible analytics [${dialect}]`, () => {
    let t: TestApp
    let brand: TestUser
    let fan: TestUser
    let pinId: string
    let quietPin: string
    const today = dateOf(Date.now())
    const start = dateOf(Date.now() - 6 * DAY)
    const range = `start_date=${start}&end_date=${today}`
    const get = (who: TestUser | null, url: string) => callAs(t, who, { method: 'GET', url })
    const read = async (url: string) => {
      await t.ctx.services.recorder.flush()
      const res = await get(brand, url)
      expect(res.statusCode, `${url} → ${res.body}`).toBe(200)
      return res.json()
    }

    beforeAll(async () => {
      t = await createTestApp(dialect, { ANALYTICS_FLUSH_MS: '50' })
      brand = await signUp(t, `brand_pi_${dialect}`, {
        account_type: 'BUSINESS',
        business_name: 'Pine Co',
      })
      fan = await signUp(t, `fan_pi_${dialect}`)
      const board = await makeBoard(t, brand)
      quietPin = (await createPin(t, brand, board, { title: 'quiet' })).id
      pinId = (await createPin(t, brand, board, { link: 'https://pine.example.com/a' })).id
      await follow(t, fan, brand)
      // 2 impressions (a feed page, a board page), 2 close-ups, 1 save, 1 outbound click
      await get(fan, '/v5/feed')
      await get(fan, `/v5/boards/${board}/pins`)
      await get(fan, `/v5/pins/${pinId}`)
      await get(fan, `/v5/pins/${pinId}`)
      const fanBoard = await makeBoard(t, fan)
      await callAs(t, fan, {
        method: 'POST',
        url: `/v5/pins/${pinId}/save`,
        payload: { board_id: fanBoard },
      })
      await get(fan, `/v5/pins/${pinId}/source?via=feed`)
    })
    afterAll(() => t.close())

    it('user_account/analytics: daily and summary metrics under "all", as the spec says', async () => {
      const body = await read(`/v5/user_account/analytics?${range}`)
      validates('AnalyticsResponse', body)
      expect(Object.keys(body)).toEqual(['all'])
      const { daily_metrics, summary_metrics } = body.all
      expect(daily_metrics).toHaveLength(7)
      expect(daily_metrics.every((d: { data_status: string }) => d.data_status === 'READY')).toBe(
        true,
      )
      // both pins were in the two pages: 4 impressions in all
      expect(summary_metrics).toEqual({
        ENGAGEMENT: 4,
        ENGAGEMENT_RATE: 1,
        IMPRESSION: 4,
        OUTBOUND_CLICK: 1,
        OUTBOUND_CLICK_RATE: 0.25,
        PIN_CLICK: 2,
        PIN_CLICK_RATE: 0.5,
        SAVE: 1,
        SAVE_RATE: 0.25,
      })
      expect(daily_metrics[6]).toEqual({
        data_status: 'READY',
        date: today,
        metrics: summary_metrics,
      })
      expect(daily_metrics[0].metrics.IMPRESSION).toBe(0)

      const some = await read(`/v5/user_account/analytics?${range}&metric_types=IMPRESSION,SAVE`)
      validates('AnalyticsResponse', some)
      expect(some.all.summary_metrics).toEqual({ IMPRESSION: 4, SAVE: 1 })
      // content Corkboard does not have: zeros, same shape
      const paid = await read(`/v5/user_account/analytics?${range}&content_type=PAID`)
      expect(paid.all.summary_metrics.IMPRESSION).toBe(0)
    })

    it('user_account/analytics/top_pins: the top pins by the metric asked for', async () => {
      const body = await read(
        `/v5/user_account/analytics/top_pins?${range}&sort_by=SAVE&num_of_pins=1`,
      )
      validates('TopPinsAnalyticsResponse', body)
      expect(body.sort_by).toBe('SAVE')
      expect(body.pins).toHaveLength(1)
      expect(body.pins[0].pin_id).toBe(pinId)
      expect(body.pins[0].metrics).toMatchObject({ SAVE: 1, IMPRESSION: 2, PIN_CLICK: 2 })
      const both = await read(`/v5/user_account/analytics/top_pins?${range}&sort_by=IMPRESSION`)
      expect(both.pins.map((p: { pin_id: string }) => p.pin_id)).toEqual(
        [pinId, quietPin].sort((a, b) => Number(a) - Number(b)),
      )
    })

    it('pins/analytics: one pin, metric_types required', async () => {
      const body = await read(
        `/v5/pins/${pinId}/analytics?${range}&metric_types=IMPRESSION,PIN_CLICK,OUTBOUND_CLICK,SAVE,SAVE_RATE,VIDEO_START`,
      )
      validates('PinAnalyticsResponse', body)
      expect(body.all.summary_metrics).toEqual({
        IMPRESSION: 2,
        PIN_CLICK: 2,
        OUTBOUND_CLICK: 1,
        SAVE: 1,
        SAVE_RATE: 0.5,
        VIDEO_START: 0,
      })
      expect((await get(brand, `/v5/pins/${pinId}/analytics?${range}`)).statusCode).toBe(400)
    })

    it('refuses what the spec refuses, and anyone but a business owner', async () => {
      const base = '/v5/user_account/analytics'
      for (const q of [
        `start_date=${today}&end_date=${start}`, // end before start
        `start_date=${dateOf(Date.now() - 91 * DAY)}&end_date=${today}`, // 91 days back
        `start_date=2025-02-30&end_date=${today}`, // no such day
        `start_date=${start}`, // no end
        `${range}&metric_types=IMPRESSION,CLOSEUPS`, // unknown metric
        `${range}&split_field=EVERYTHING`,
        `${range}&pin_format=GIF`,
      ]) {
        expect((await get(brand, `${base}?${q}`)).statusCode, q).toBe(400)
      }
      const top = '/v5/user_account/analytics/top_pins'
      expect((await get(brand, `${top}?${range}`)).statusCode).toBe(400) // sort_by required
      expect((await get(brand, `${top}?${range}&sort_by=SAVE&num_of_pins=51`)).statusCode).toBe(400)

      const pinner = await get(fan, `${base}?${range}`)
      expect(pinner.statusCode).toBe(403)
      expect(pinner.json().reason).toBe('not_business')
      // another brand's pin
      const other = await signUp(t, `other_pi_${dialect}`, {
        account_type: 'BUSINESS',
        business_name: 'Other',
      })
      const res = await get(other, `/v5/pins/${pinId}/analytics?${range}&metric_types=SAVE`)
      expect(res.statusCode).toBe(403)
      expect(
        (await get(other, `/v5/pins/99999999/analytics?${range}&metric_types=SAVE`)).statusCode,
      ).toBe(404)
    })
  })
}
