import { Redis } from 'ioredis'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { api, pairOver, ServerProcess, sleep } from '../support/server-process'
import { type ApiUser } from '../support/users'
import { StreamClient } from '../support/stream-client'
import {
  describeTwoInstances,
  startTwoInstances,
  type TwoInstances,
} from '../support/two-instances'

/**
 * Redis is how instances hint each other, not how an instance reaches its own sockets: while
 * it is down, a message reaches the sockets of the instance that wrote it at once, and the
 * other instance's once Redis is back; a resume replays it from the database meanwhile. The
 * outage is one warning in the log, not one a message, and /readyz says `degraded` (200, not
 * down) until Redis is back, then `ready` by itself.
 */
describeTwoInstances('a Redis outage, two instances on PostgreSQL + Redis', () => {
  let instances: TwoInstances
  let a: ServerProcess
  let b: ServerProcess
  let ana: ApiUser
  let bo: ApiUser
  let conversation: string
  const sockets: StreamClient[] = []

  beforeAll(async () => {
    instances = await startTwoInstances('outage')
    ;({ a, b } = instances)
    ;({ ana, bo, conversation } = await pairOver(a.url))
  }, 60_000)

  afterAll(async () => {
    for (const s of sockets) s.close()
    await instances?.stop()
  })

  const send = async (text: string) => {
    const res = await api(a.url, 'POST', `/v5/conversations/${conversation}/messages`, {
      token: ana.token,
      body: { client_message_id: text, text },
    })
    expect(res.status).toBe(201)
    return res.body.seq as number
  }
  const warningsOf = (server: ServerProcess, from: number) =>
    server.output.slice(from).filter((line) => line.includes('"level":40'))
  const readyz = (server: ServerProcess) => api(server.url, 'GET', '/readyz')
  /** Polls both instances' /readyz until each answers `status` (degraded or ready). */
  const untilReadiness = async (status: string, ms = 15_000) => {
    const deadline = Date.now() + ms
    for (;;) {
      const answers = await Promise.all([readyz(a), readyz(b)])
      if (answers.every((r) => r.body.status === status) || Date.now() > deadline) return answers
      await sleep(100)
    }
  }

  it('delivers on the writing instance at once, on the other once Redis is back; one warning', async () => {
    const onA = await StreamClient.ready(a.streamUrl, bo.token)
    const onB = await StreamClient.ready(b.streamUrl, bo.token)
    sockets.push(onA, onB)
    const mark = a.output.length
    for (const r of await untilReadiness('ready')) {
      expect(r).toMatchObject({ status: 200, body: { checks: { database: 'ok', redis: 'ok' } } })
    }

    await instances.redis.kill()
    await sleep(300)
    // degraded, not down: still ready (200), Redis reported apart from the database
    for (const r of await untilReadiness('degraded')) {
      expect(r).toMatchObject({
        status: 200,
        body: { status: 'degraded', checks: { database: 'ok', redis: 'down' } },
      })
    }
    const seqs: number[] = []
    for (let i = 0; i < 20; i++) {
      seqs.push(await send(`during-outage-${i}`))
      const seq = seqs[seqs.length - 1]!
      // on A's own socket at once, Redis or not
      await onA.until(
        (e) => e.some((x) => x.type === 'message.created' && x.message.seq === seq),
        1000,
      )
    }
    expect(onB.messages(conversation)).toEqual([])

    // resume is exact without Redis: a socket of B's opened now with the cursor B's live
    // socket had before the outage replays every message of it from the database, in order
    const resumed = await StreamClient.ready(b.streamUrl, bo.token, onB.lastCursor())
    sockets.push(resumed)
    await resumed.until(() => resumed.messages(conversation).length >= seqs.length, 10_000)
    expect(resumed.messages(conversation).map((m) => m.seq)).toEqual(seqs)
    resumed.close()

    await sleep(1000)
    await instances.redis.start()
    // recovers by itself: both instances say ready again
    for (const r of await untilReadiness('ready')) {
      expect(r).toMatchObject({
        status: 200,
        body: { status: 'ready', checks: { database: 'ok', redis: 'ok' } },
      })
    }
    await onB.until(() => onB.messages(conversation).length === seqs.length, 15_000)
    expect(onB.messages(conversation).map((m) => m.seq)).toEqual(seqs)
    expect(onA.messages(conversation).map((m) => m.seq)).toEqual(seqs)

    // and once back, live again across instances
    const after = await send('after-outage')
    await onB.until(() => onB.messages(conversation).some((m) => m.seq === after), 5000)
    await sleep(500)
    expect(onA.messages(conversation).map((m) => m.seq)).toEqual([...seqs, after])

    const warnings = warningsOf(a, mark)
    expect(warnings, warnings.join('\n')).toHaveLength(1)
  }, 60_000)

  it('a bare event (from an instance of the release before envelopes) is still delivered', async () => {
    const onB = await StreamClient.ready(b.streamUrl, bo.token)
    sockets.push(onB)
    const raw = new Redis(instances.redis.url)
    await raw.publish(
      'corkboard:events',
      JSON.stringify({
        type: 'conversation.updated',
        conversation_id: Number(conversation),
        member_ids: [Number(bo.id)],
      }),
    )
    raw.disconnect()
    await onB.until((e) => e.some((x) => x.type === 'conversation.updated'), 5000)
  })
})
