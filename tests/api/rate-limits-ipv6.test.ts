import { randomBytes } from 'node:crypto'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientAddressKey } from '../../server/http/client-address'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'

/**
 * Issue 11, item 3 (review): limits key on the client address, and an IPv6 client holds a
 * whole /64 (a home line, a cloud VM), not one address. Keyed per /128, every request from a
 * fresh address of its own /64 would get a fresh bucket: unlimited sign-ups and log-in guesses.
 * An IPv4 client seen through a dual-stack socket (`::ffff:a.b.c.d`) is that IPv4 client.
 */
const SIGNUP_LIMIT = 20
const FREE_PER_ADDRESS = 20
const made = () => randomBytes(8).toString('hex')

let prefixes = 0
/** A /64 nobody else in this file uses, and the `n`th address in it. */
const freshPrefix = () => {
  const p = ++prefixes
  return (n: number) => `2001:db8:${(p + 0x100).toString(16)}:${p.toString(16)}::${n.toString(16)}`
}

async function countUntil429(t: TestApp, make: (i: number) => InjectOptions, max: number) {
  for (let i = 0; i < max; i++) {
    const res = await t.app.inject(make(i))
    if (res.statusCode === 429) return { before: i, reason: res.json().reason as string }
  }
  return { before: max, reason: null }
}

describe('clientAddressKey', () => {
  it('takes an IPv6 address as its /64, a mapped IPv4 address as itself', () => {
    expect(clientAddressKey('2001:db8:1:2::1')).toBe(clientAddressKey('2001:DB8:1:2:ffff:1:2:3'))
    expect(clientAddressKey('2001:db8:1:2::1')).toBe(
      clientAddressKey('2001:0db8:0001:0002:0:0:0:9%eth0'),
    )
    expect(clientAddressKey('2001:db8:1:2::1')).not.toBe(clientAddressKey('2001:db8:1:3::1'))
    expect(clientAddressKey('::1')).toBe(clientAddressKey('0:0:0:0::2'))
    expect(clientAddressKey('2001:db8::')).toBe(clientAddressKey('2001:db8:0:0:1::'))
    expect(clientAddressKey('64:ff9b:1:2::10.0.0.1')).toBe(clientAddressKey('64:ff9b:1:2::1'))
    expect(clientAddressKey('::ffff:172.16.9.9')).toBe('172.16.9.9')
    expect(clientAddressKey('::FFFF:172.16.9.9')).toBe('172.16.9.9')
    expect(clientAddressKey('172.16.9.9')).toBe('172.16.9.9')
    // whatever a proxy header carried that is no address at all stays as it is
    expect(clientAddressKey('not-an-address')).toBe('not-an-address')
  })
})

for (const dialect of DIALECTS) {
  describe(`limits count an IPv6 client per /64 [${dialect}]`, () => {
    let t: TestApp
    beforeAll(async () => {
      t = await createTestApp(dialect)
    }, 30_000)
    afterAll(() => t?.close())

    it('sign-ups from fresh addresses of one /64 share its limit; another /64 has its own', async () => {
      const inPrefix = freshPrefix()
      const spread = await countUntil429(
        t,
        (i) => ({
          method: 'POST',
          url: '/v5/auth/signup',
          remoteAddress: inPrefix(i + 1),
          payload: {},
        }),
        SIGNUP_LIMIT + 5,
      )
      expect(spread).toEqual({ before: SIGNUP_LIMIT, reason: 'rate_limited' })
      const other = await t.app.inject({
        method: 'POST',
        url: '/v5/auth/signup',
        remoteAddress: freshPrefix()(1),
        payload: {},
      })
      expect(other.statusCode).toBe(400)
    })

    it('log-in failures from fresh addresses of one /64 are throttled as one address', async () => {
      const inPrefix = freshPrefix()
      const spread = await countUntil429(
        t,
        (i) => ({
          method: 'POST',
          url: '/v5/auth/login',
          remoteAddress: inPrefix(i + 1),
          payload: { username_or_email: `nobody_${made()}`, password: made() },
        }),
        FREE_PER_ADDRESS + 5,
      )
      expect(spread).toEqual({ before: FREE_PER_ADDRESS, reason: 'login_throttled' })
    })

    it('a mapped IPv4 address is that IPv4 client', async () => {
      const v4 = `172.31.${prefixes & 255}.7`
      const spread = await countUntil429(
        t,
        (i) => ({
          method: 'POST',
          url: '/v5/auth/signup',
          remoteAddress: i % 2 ? v4 : `::ffff:${v4}`,
          payload: {},
        }),
        SIGNUP_LIMIT + 5,
      )
      expect(spread).toEqual({ before: SIGNUP_LIMIT, reason: 'rate_limited' })
    })
  })
}
