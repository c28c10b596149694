import { afterAll, beforeAll, expect, it } from 'vitest'
import { base64Source, png } from '../api/pin-fixtures'
import { api, sleep, type ServerProcess } from '../support/server-process'
import { StreamClient } from '../support/stream-client'
import {
  describeTwoInstances,
  startTwoInstances,
  type TwoInstances,
} from '../support/two-instances'
import { freshUsername, signUp, type ApiUser } from '../support/users'

/**
 * Issue 15: a suspension made through one instance closes the account's open sockets on
 * every instance within 1 s (4401), refuses its log-in and tokens there, and an unsuspension
 * lets them back — two server processes on one PostgreSQL schema and one Redis.
 */
describeTwoInstances('suspension across instances', () => {
  let instances: TwoInstances
  let a: ServerProcess
  let b: ServerProcess
  let admin: ApiUser
  let dave: ApiUser
  let bystander: ApiUser
  const sockets: StreamClient[] = []
  const PASSWORD = 'correct horse battery'

  const socketOn = async (server: ServerProcess, token: string) => {
    const s = await StreamClient.ready(server.streamUrl, token)
    sockets.push(s)
    return s
  }
  const closedWithin = async (s: StreamClient, since: number, ms: number) => {
    await s.until(() => s.closed !== null, ms).catch(() => {})
    return { code: s.closed?.code ?? null, ms: Date.now() - since }
  }

  beforeAll(async () => {
    instances = await startTwoInstances('suspension')
    ;({ a, b } = instances)
    // the first account of an empty instance is its admin
    admin = await signUp(a.url, freshUsername('admin'))
    dave = await signUp(b.url, freshUsername('dave'))
    bystander = await signUp(b.url, freshUsername('eve'))
  }, 60_000)

  afterAll(async () => {
    for (const s of sockets) s.close()
    await instances?.stop()
  })

  it('suspended through A: the account’s sockets on A and B close within 1 s; log-in and token refused on B; unsuspended: back', async () => {
    const own = await api(a.url, 'GET', '/v5/user_account', { token: admin.token })
    expect(own.body).toMatchObject({ role: 'admin' })
    // dave's pin, read on B (so B holds it in its pin views) before the suspension through A
    const board = await api(b.url, 'POST', '/v5/boards', {
      token: dave.token,
      body: { name: 'Suspended soon' },
    })
    const pin = await api(b.url, 'POST', '/v5/pins', {
      token: dave.token,
      body: { board_id: board.body.id, title: 'mine', media_source: base64Source(await png()) },
    })
    const pinOnB = async () =>
      (await api(b.url, 'GET', `/v5/pins/${String(pin.body.id)}`, { token: bystander.token }))
        .status
    expect([await pinOnB(), await pinOnB()]).toEqual([200, 200])
    /** The pin's status on B once A's change reached it (the bus: a few ms). */
    const pinOnBBecomes = async (status: number) => {
      for (let i = 0; i < 50 && (await pinOnB()) !== status; i++) await sleep(20)
      return pinOnB()
    }
    const onA = await socketOn(a, dave.token)
    const onB = await socketOn(b, dave.token)
    const other = await socketOn(b, bystander.token)

    const started = Date.now()
    const res = await api(a.url, 'POST', `/v5/admin/users/${dave.username}/suspend`, {
      token: admin.token,
      body: { note: 'Spam.' },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    const closed = await Promise.all([onA, onB].map((s) => closedWithin(s, started, 3000)))
    console.log('suspension across instances: sockets closed after', closed)
    for (const c of closed) {
      expect(c.code).toBe(4401)
      expect(c.ms).toBeLessThan(1000)
    }
    await sleep(200)
    expect(other.closed).toBeNull()

    const login = await api(b.url, 'POST', '/v5/auth/login', {
      body: { username_or_email: dave.username, password: PASSWORD },
      headers: { 'x-forwarded-for': '10.217.0.1' },
    })
    expect(login.status).toBe(403)
    expect(login.body).toMatchObject({
      reason: 'account_suspended',
      message: 'This account is suspended. Spam.',
    })
    for (const server of [a, b]) {
      const me = await api(server.url, 'GET', '/v5/user_account', { token: dave.token })
      expect(me.status).toBe(403)
      expect((await api(server.url, 'GET', `/v5/users/${dave.username}`)).status).toBe(404)
    }
    // what B had cached of the pin went with the suspension made through A
    expect(await pinOnBBecomes(404)).toBe(404)
    await expect(StreamClient.ready(b.streamUrl, dave.token)).rejects.toThrow()

    const lifted = await api(a.url, 'POST', `/v5/admin/users/${dave.username}/unsuspend`, {
      token: admin.token,
      body: {},
    })
    expect(lifted.status, JSON.stringify(lifted.body)).toBe(200)
    for (const server of [a, b]) {
      expect((await api(server.url, 'GET', '/v5/user_account', { token: dave.token })).status).toBe(
        200,
      )
      expect((await api(server.url, 'GET', `/v5/users/${dave.username}`)).status).toBe(200)
    }
    expect(await pinOnBBecomes(200)).toBe(200)
    await socketOn(b, dave.token)
  })
})
