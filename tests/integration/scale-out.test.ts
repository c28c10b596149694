import { Redis } from 'ioredis'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { freePort } from '../support/ports'
import { api, conversationOver, mutualOver, ServerProcess, sleep } from '../support/server-process'
import { freshUsername, signUp, type ApiUser } from '../support/users'
import { range, seqsOf, StreamClient } from '../support/stream-client'
import {
  describeTwoInstances,
  startTwoInstances,
  type TwoInstances,
} from '../support/two-instances'
import { base64Source, png } from '../api/pin-fixtures'
import { HOLD_MS } from '../../server/realtime/reorder'
import { startTcpProxy } from '../support/tcp-proxy'

/**
 * Done-when 6: two server processes on one PostgreSQL schema and one Redis. A message sent
 * through instance A reaches a socket on instance B; Redis going away mid-burst loses nothing
 * (gap backfill from the database, and a re-check once the subscription is back).
 */
describeTwoInstances('scale-out: two instances on PostgreSQL + Redis', () => {
  let instances: TwoInstances
  let a: ServerProcess
  let b: ServerProcess
  let ana: ApiUser
  let bo: ApiUser
  let conversation: string
  const sockets: StreamClient[] = []
  const limited: ServerProcess[] = []

  const sendVia = async (server: ServerProcess, user: ApiUser, clientId: string) => {
    for (let attempt = 0; ; attempt++) {
      const res = await api(server.url, 'POST', `/v5/conversations/${conversation}/messages`, {
        token: user.token,
        body: { client_message_id: clientId, text: clientId },
      }).catch((err: unknown) => ({ status: 0, body: { err: String(err) } }))
      if (res.status === 201 || res.status === 200) return res.body as { seq: number }
      if (attempt > 20)
        throw new Error(`send ${clientId}: ${res.status} ${JSON.stringify(res.body)}`)
      await sleep(100)
    }
  }
  const socketOn = async (server: ServerProcess, user: ApiUser) => {
    const s = await StreamClient.ready(server.streamUrl, user.token)
    sockets.push(s)
    return s
  }
  const lastSeq = async () => {
    const res = await api(a.url, 'GET', `/v5/conversations/${conversation}/messages?page_size=1`, {
      token: ana.token,
    })
    return ((res.body.items as { seq: number }[])[0]?.seq ?? 0) as number
  }

  beforeAll(async () => {
    instances = await startTwoInstances('scale')
    ;({ a, b } = instances)
    ana = await signUp(a.url, freshUsername('ana'))
    bo = await signUp(b.url, freshUsername('bo'))
    await mutualOver(a.url, ana, bo)
    conversation = await conversationOver(a.url, ana, [bo])
  }, 60_000)

  afterAll(async () => {
    for (const s of sockets) s.close()
    for (const s of limited) await s.kill()
    await instances?.stop()
  })

  it('a message sent through instance A reaches a socket on instance B', async () => {
    const onB = await socketOn(b, bo)
    const sent = await sendVia(a, ana, 'first')
    await onB.until(() => onB.messages(conversation).length === 1)
    expect(onB.messages(conversation)[0]).toMatchObject({ seq: sent.seq, text: 'first' })
    onB.close()
  })

  it('a publish lost while only the publisher’s connection was down reaches B once it is back', async () => {
    const onB = await socketOn(b, bo)
    const before = await lastSeq()
    // Drop every plain connection (publishers, rate limits) but keep the subscribers:
    // B stays subscribed and has no outage to recover from; only A's publish fails.
    const admin = new Redis(instances.redis.url)
    await admin.call('CLIENT', 'KILL', 'TYPE', 'normal')
    admin.disconnect()
    const sent = await sendVia(a, ana, 'while-publisher-reconnects')
    expect(sent.seq).toBe(before + 1)
    await onB.until(() => onB.messages(conversation).some((m) => m.seq === sent.seq), 5000)
    onB.close()
  })

  it('Redis killed and restarted mid-burst of 200: B’s socket ends with all 200, in order, once', async () => {
    const onB = await socketOn(b, bo)
    const onA = await socketOn(a, ana) // the sender's other tab, on A
    const first = (await lastSeq()) + 1
    let outage: Promise<void> = Promise.resolve()
    for (let i = 0; i < 200; i++) {
      if (i === 60) {
        await instances.redis.kill()
        outage = sleep(400).then(() => instances.redis.start())
      }
      await sendVia(a, ana, `burst-${i}`)
    }
    await outage
    const want = range(first, first + 199)
    for (const s of [onB, onA]) {
      await s.until(() => s.messages(conversation).length >= 200, 15_000)
      expect(seqsOf(s.messages(conversation))).toEqual(want)
      expect(s.messages(conversation).map((m) => m.text)).toEqual(want.map((_, i) => `burst-${i}`))
    }
  }, 60_000)

  it('Redis down: B passes its own message on at once, reading A’s from the database, not waiting for A’s', async () => {
    const onB = await socketOn(b, bo)
    // B has seen the conversation's latest seq: A's next one is what it would wait for
    const seen = await sendVia(a, ana, 'before-the-outage')
    await onB.until(() => onB.messages(conversation).some((m) => m.seq === seen.seq))
    await instances.redis.kill()
    try {
      await sleep(200) // B's subscriber sees its connection close
      // A's message: committed, but its hint cannot reach B
      const fromA = await sendVia(a, ana, 'while-down-from-a')
      const fromB = await sendVia(b, bo, 'while-down-from-b')
      const sent = Date.now()
      const has = (seq: number) => onB.messages(conversation).some((m) => m.seq === seq)
      await onB.until(() => has(fromA.seq) && has(fromB.seq), 5000)
      // not held for A's hint (HOLD_MS) while Redis is down: the gap is read at once
      expect(Date.now() - sent).toBeLessThan(HOLD_MS / 2)
      expect(seqsOf(onB.messages(conversation)).slice(-2)).toEqual([fromA.seq, fromB.seq])
    } finally {
      await instances.redis.start()
    }
    // once the subscription is back, A's messages reach B over Redis again
    const after = await sendVia(a, ana, 'after-the-outage')
    await onB.until(() => onB.messages(conversation).some((m) => m.seq === after.seq), 10_000)
    onB.close()
  }, 30_000)

  it('B’s message right after one of C’s whose hint is late: B passes both on at once, in order, once', async () => {
    // C: a third instance on the same storage, its Redis connections through a proxy that can
    // hold back its publishes (its rate limits' commands passing)
    const proxy = await startTcpProxy('127.0.0.1', instances.redis.port)
    const c = new ServerProcess(await freePort(), {
      ...instances.env,
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
    })
    try {
      await c.start()
      const onB = await socketOn(b, bo)
      // B has passed the conversation's latest seq on to its sockets
      const seen = await sendVia(b, bo, 'seen-on-b')
      await onB.until(() => onB.messages(conversation).some((m) => m.seq === seen.seq))
      proxy.hold('publish')
      const fromC = await sendVia(c, ana, 'from-c-hint-late') // committed; its hint held back
      const started = Date.now()
      const fromB = await sendVia(b, bo, 'from-b-after-c')
      const has = (seq: number) => onB.messages(conversation).some((m) => m.seq === seq)
      await onB.until(() => has(fromC.seq) && has(fromB.seq), 5000)
      // B's send brought C's message back with it: nothing waited for C's hint (HOLD_MS)
      expect(Date.now() - started).toBeLessThan(HOLD_MS / 2)
      expect(fromB.seq).toBe(fromC.seq + 1)
      expect(seqsOf(onB.messages(conversation)).slice(-2)).toEqual([fromC.seq, fromB.seq])
      // C's hint, once it comes, finds B's socket past it: no second copy
      proxy.flow()
      const after = await sendVia(c, ana, 'after-the-hold')
      await onB.until(() => has(after.seq))
      const seqs = seqsOf(onB.messages(conversation))
      expect(seqs.slice(-3)).toEqual([fromC.seq, fromB.seq, after.seq])
      expect(new Set(seqs).size).toBe(seqs.length)
      onB.close()
    } finally {
      proxy.flow()
      await c.kill()
      await proxy.close()
    }
  }, 30_000)

  it('the sender’s ack does not wait for Redis to pass the message on; B gets it once Redis does', async () => {
    const onB = await socketOn(b, bo)
    const onA = await socketOn(a, ana)
    const admin = new Redis(instances.redis.url)
    try {
      // Redis holds every write command (PUBLISH among them) for 1.5 s; the send touches
      // Redis only to publish (message rate limits are off in these instances)
      await admin.call('CLIENT', 'PAUSE', '1500', 'WRITE')
      const started = Date.now()
      onA.send({
        type: 'message.send',
        request_id: 'r-paused',
        conversation_id: conversation,
        client_message_id: 'while-redis-pauses',
        text: 'while Redis pauses',
      })
      const acked = (e: { type: string; request_id?: string }[]) =>
        e.some((x) => x.type === 'message.ack' && x.request_id === 'r-paused')
      await onA.until(acked, 1000)
      expect(Date.now() - started).toBeLessThan(1000)
      await onB.until(() => onB.messages(conversation).some((m) => m.text === 'while Redis pauses'))
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
    } finally {
      await admin.call('CLIENT', 'UNPAUSE')
      admin.disconnect()
    }
  })

  it('rate limits are shared through Redis: two instances count one budget', async () => {
    // two more instances on the same database and Redis, with the default limits on
    for (let i = 0; i < 2; i++) {
      const server = new ServerProcess(await freePort(), {
        ...instances.env,
        MESSAGE_RATE_LIMITS: 'on',
      })
      limited.push(server)
      await server.start()
    }
    const [c, d] = limited as [ServerProcess, ServerProcess]

    // messages: a burst of 20 per 10 s per sender (DEFAULT_MESSAGING_LIMITS), 12 through each
    const statuses: number[] = []
    let retryAfter: string | null = null
    for (let i = 0; i < 24; i++) {
      const via = i % 2 === 0 ? c : d
      const res = await api(via.url, 'POST', `/v5/conversations/${conversation}/messages`, {
        token: bo.token,
        body: { client_message_id: `limited-${i}`, text: 'counted once' },
      })
      statuses.push(res.status)
      if (res.status === 429) retryAfter ??= res.headers.get('retry-after')
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(201))
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429])
    expect(Number(retryAfter)).toBeGreaterThan(0)

    // HTTP: sign-up allows 20 a minute per client address, counted across both instances
    const signups: number[] = []
    for (let i = 0; i < 24; i++) {
      const via = i % 2 === 0 ? c : d
      const name = `rl${i}_${Math.random().toString(36).slice(2, 8)}`
      const res = await api(via.url, 'POST', '/v5/auth/signup', {
        headers: { 'x-forwarded-for': '192.0.2.77' },
        body: { username: name, email: `${name}@example.com`, password: 'correct horse battery' },
      })
      signups.push(res.status)
    }
    expect(signups.filter((s) => s === 201)).toHaveLength(20)
    expect(signups.slice(20)).toEqual([429, 429, 429, 429])
  }, 60_000)

  it('what B caches of a pin, a reader and a token follows changes committed through A', async () => {
    const board = await api(a.url, 'POST', '/v5/boards', {
      token: ana.token,
      body: { name: 'Cache check' },
    })
    const created = await api(a.url, 'POST', '/v5/pins', {
      token: ana.token,
      body: { board_id: board.body.id, title: 'before', media_source: base64Source(await png()) },
    })
    const path = `/v5/pins/${String(created.body.id)}`
    const onB = (token?: string) => api(b.url, 'GET', path, { token })
    const eventually = async (check: () => Promise<boolean>) => {
      for (let i = 0; i < 50 && !(await check()); i++) await sleep(20)
      expect(await check()).toBe(true)
    }
    expect((await onB(bo.token)).body).toMatchObject({ title: 'before', like_count: 0 })

    await api(a.url, 'PATCH', path, { token: ana.token, body: { title: 'after' } })
    await eventually(async () => (await onB()).body.title === 'after')

    await api(a.url, 'POST', `${path}/like`, { token: bo.token })
    await eventually(async () => {
      const pin = (await onB(bo.token)).body
      return pin.like_count === 1 && pin.is_liked === true
    })

    await api(a.url, 'PATCH', `/v5/boards/${String(board.body.id)}`, {
      token: ana.token,
      body: { privacy: 'SECRET' },
    })
    await eventually(async () => (await onB(bo.token)).status === 404)
    expect((await onB(ana.token)).status).toBe(200)

    const minted = await api(a.url, 'POST', '/v5/user_account/tokens', {
      token: ana.token,
      body: { name: 'short-lived', scopes: ['pins:read'] },
    })
    const token = String(minted.body.token)
    expect((await onB(token)).status).toBe(200)
    await api(a.url, 'DELETE', `/v5/user_account/tokens/${String(minted.body.id)}`, {
      token: ana.token,
    })
    await eventually(async () => (await onB(token)).status === 401)
  })
})
