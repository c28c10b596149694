import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { api, ServerProcess } from '../support/server-process'
import { freshUsername, signUp, type ApiUser } from '../support/users'
import {
  describeTwoInstances,
  startTwoInstances,
  type TwoInstances,
} from '../support/two-instances'

/**
 * Two server processes on one PostgreSQL schema and one Redis: what one instance counted
 * (log-in failures, a per-address limit) holds on the other, and a made-up credential opens
 * no fresh bucket on either.
 */
let addresses = 0
const freshAddress = () => `192.168.${(++addresses >> 8) & 255}.${addresses & 255}`

describeTwoInstances('rate limits across two instances on PostgreSQL + Redis', () => {
  let instances: TwoInstances
  let a: ServerProcess
  let b: ServerProcess
  let ana: ApiUser

  const login = (server: ServerProcess, address: string, username: string, password: string) =>
    api(server.url, 'POST', '/v5/auth/login', {
      headers: { 'x-forwarded-for': address },
      body: { username_or_email: username, password },
    })

  beforeAll(async () => {
    instances = await startTwoInstances('ratelimits')
    ;({ a, b } = instances)
    ana = await signUp(a.url, freshUsername('ana'))
  }, 90_000)

  afterAll(async () => {
    await instances?.stop()
  })

  it('log-in failures counted on instance A delay the account on instance B', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await login(a, freshAddress(), ana.username, `wrong guess ${i}`)
      expect(res.status, `failure ${i + 1}`).toBe(401)
    }
    const onB = await login(b, freshAddress(), ana.username, 'correct horse battery')
    expect(onB.status).toBe(429)
    expect(onB.body).toMatchObject({ code: 429, reason: 'login_throttled' })
    expect(onB.headers.get('retry-after')).toBe('1')
    // once the delay is over, the right password works on either
    await new Promise((r) => setTimeout(r, 1100))
    expect((await login(b, freshAddress(), ana.username, 'correct horse battery')).status).toBe(200)
  })

  it('a per-address limit holds across instances, made-up Bearer headers or not', async () => {
    const address = freshAddress()
    let served = 0
    for (let i = 0; i < 25; i++) {
      const res = await api(i % 2 ? b.url : a.url, 'POST', '/v5/auth/signup', {
        headers: {
          'x-forwarded-for': address,
          authorization: `Bearer ${randomBytes(12).toString('hex')}`,
        },
        body: {},
      })
      if (res.status === 429) break
      expect(res.status).toBe(400)
      served++
    }
    expect(served).toBe(20)
  })
})
