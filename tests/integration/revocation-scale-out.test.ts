import { Redis } from 'ioredis'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ServerEvent } from '../../protocol/messages'
import { base64Source, png } from '../api/pin-fixtures'
import { freePort } from '../support/ports'
import { api, ServerProcess, sleep } from '../support/server-process'
import { freshUsername, signUp, type ApiUser } from '../support/users'
import { StreamClient } from '../support/stream-client'
import {
  describeTwoInstances,
  startTwoInstances,
  type TwoInstances,
} from '../support/two-instances'

/**
 * Issue 11, items 1 and 6 across instances: two server processes on one PostgreSQL schema
 * and one Redis. A credential revoked through one instance ends its sockets on the other
 * within 1 s, also when the revocation's bus event is held back (publisher down) or lost (an
 * outage the revoking instance does not survive); a secret pin's live counts reach only its
 * owner's sockets on the other instance.
 */
describeTwoInstances('revocation and pin visibility across instances', () => {
  let instances: TwoInstances
  let a: ServerProcess
  let b: ServerProcess
  let ana: ApiUser
  let bo: ApiUser
  const sockets: StreamClient[] = []
  const extra: ServerProcess[] = []

  const socketOn = async (server: ServerProcess, token: string) => {
    const s = await StreamClient.ready(server.streamUrl, token)
    sockets.push(s)
    return s
  }
  const mintToken = async (server: ServerProcess, user: ApiUser) => {
    const res = await api(server.url, 'POST', '/v5/user_account/tokens', {
      token: user.token,
      body: { name: 'revocable', scopes: ['messages:read', 'messages:write'] },
    })
    expect(res.status).toBe(201)
    return res.body as { id: string; token: string }
  }
  const deleteToken = (server: ServerProcess, user: ApiUser, id: string) =>
    api(server.url, 'DELETE', `/v5/user_account/tokens/${id}`, { token: user.token })
  const closedWithin = async (s: StreamClient, since: number, ms: number) => {
    await s.until(() => s.closed !== null, ms).catch(() => {})
    return { code: s.closed?.code ?? null, ms: Date.now() - since }
  }

  beforeAll(async () => {
    instances = await startTwoInstances('revocation')
    ;({ a, b } = instances)
    ana = await signUp(a.url, freshUsername('ana'))
    bo = await signUp(b.url, freshUsername('bo'))
  }, 60_000)

  afterAll(async () => {
    for (const s of sockets) s.close()
    for (const s of extra) await s.kill()
    await instances?.stop()
  })

  it('a token deleted through instance A closes its socket on instance B with 4401 within 1 s', async () => {
    const minted = await mintToken(a, ana)
    const onB = await socketOn(b, minted.token)
    const stays = await socketOn(b, ana.token)
    const started = Date.now()
    expect((await deleteToken(a, ana, minted.id)).status).toBe(204)
    const closed = await closedWithin(onB, started, 3000)
    expect(closed.code).toBe(4401)
    expect(closed.ms).toBeLessThan(1000)
    await sleep(200)
    expect(stays.closed).toBeNull()
    // and it cannot come back
    await expect(
      StreamClient.open(b.streamUrl, { authorization: `Bearer ${minted.token}` }),
    ).rejects.toThrow(/401/)
  })

  it('a revocation published while only A’s publisher was down still reaches B', async () => {
    const minted = await mintToken(a, ana)
    const onB = await socketOn(b, minted.token)
    // Drop every plain connection (publishers, rate limits) but keep the subscribers:
    // B has no outage to recover from, so only the held-back event can close the socket.
    const admin = new Redis(instances.redis.url)
    await admin.call('CLIENT', 'KILL', 'TYPE', 'normal')
    admin.disconnect()
    const started = Date.now()
    expect((await deleteToken(a, ana, minted.id)).status).toBe(204)
    const closed = await closedWithin(onB, started, 5000)
    expect(closed.code).toBe(4401)
  })

  it('a secret pin’s live counts reach its owner’s socket on B, not another user’s', async () => {
    const board = async (privacy: 'PUBLIC' | 'SECRET') =>
      (
        await api(a.url, 'POST', '/v5/boards', {
          token: ana.token,
          body: { name: `${privacy} board`, privacy },
        })
      ).body.id as string
    const pin = async (boardId: string) => {
      const res = await api(a.url, 'POST', '/v5/pins', {
        token: ana.token,
        body: { board_id: boardId, title: 'a pin', media_source: base64Source(await png()) },
      })
      expect(res.status).toBe(201)
      return res.body.id as string
    }
    const secretPin = await pin(await board('SECRET'))
    const publicPin = await pin(await board('PUBLIC'))
    const owner = await socketOn(b, ana.token)
    const stranger = await socketOn(b, bo.token)
    const updated = (s: StreamClient) =>
      s.events.flatMap((e: ServerEvent) => (e.type === 'pin.updated' ? [e.pin_id] : []))
    expect(
      (await api(a.url, 'POST', `/v5/pins/${secretPin}/like`, { token: ana.token })).status,
    ).toBeLessThan(300)
    await owner.until(() => updated(owner).includes(secretPin))
    // a later public update reaches the stranger: by then the secret one would have too
    expect(
      (await api(a.url, 'POST', `/v5/pins/${publicPin}/like`, { token: bo.token })).status,
    ).toBeLessThan(300)
    await stranger.until(() => updated(stranger).includes(publicPin))
    expect(updated(stranger)).not.toContain(secretPin)
  })

  // last: after Redis comes back, A's publisher may still be in its reconnect back-off, and
  // pin counts (ephemeral hints) published meanwhile are not kept
  it('a revocation lost in a Redis outage (the revoking instance died) closes B’s socket once Redis is back', async () => {
    const c = new ServerProcess(await freePort(), instances.env)
    extra.push(c)
    await c.start()
    const minted = await mintToken(a, ana)
    const onB = await socketOn(b, minted.token)
    await instances.redis.kill()
    expect((await deleteToken(c, ana, minted.id)).status).toBe(204)
    await c.kill() // whatever C held back for Redis dies with it
    await sleep(300)
    expect(onB.closed).toBeNull()
    const back = Date.now()
    await instances.redis.start()
    const closed = await closedWithin(onB, back, 10_000)
    expect(closed.code).toBe(4401)
  }, 60_000)
})
