import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ServerEvent } from '../../protocol/messages'
import { api, pairOver, type ServerProcess } from '../support/server-process'
import { StreamClient } from '../support/stream-client'
import type { ApiUser } from '../support/users'
import {
  describeTwoInstances,
  startTwoInstances,
  type TwoInstances,
} from '../support/two-instances'

type Position = Extract<ServerEvent, { type: 'message.created' } | { type: 'message.updated' }>

/**
 * Reactions, edits and unsends across two instances (PostgreSQL + Redis): written through
 * instance A, interleaved with messages written through both, they reach a socket on instance
 * B live, each position once and in seq order (the reorder buffer takes events like messages).
 */
describeTwoInstances('messages beyond: two instances on PostgreSQL + Redis', () => {
  let instances: TwoInstances
  let a: ServerProcess
  let b: ServerProcess
  let ana: ApiUser
  let bo: ApiUser
  let conversation: string

  beforeAll(async () => {
    instances = await startTwoInstances('beyond')
    ;({ a, b } = instances)
    ;({ ana, bo, conversation } = await pairOver(a.url))
  }, 60_000)
  afterAll(() => instances?.stop())

  const call = async (
    server: ServerProcess,
    user: ApiUser,
    method: string,
    path: string,
    body?: unknown,
  ) => {
    const res = await api(server.url, method, path, { token: user.token, body })
    expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300)
    return res.body as { id: string; seq: number }
  }
  const sendVia = (server: ServerProcess, user: ApiUser, text: string) =>
    call(server, user, 'POST', `/v5/conversations/${conversation}/messages`, {
      client_message_id: `${text}-${Math.random()}`,
      text,
    })

  it('events written on A reach a socket on B live, once each, in seq order with the messages', async () => {
    const onB = await StreamClient.ready(b.streamUrl, bo.token)
    const m1 = await sendVia(a, ana, 'one')
    const r = call(a, ana, 'POST', `/v5/messages/${m1.id}/reactions`, { emoji: '🔥' })
    const m2 = sendVia(b, bo, 'two')
    await Promise.all([r, m2])
    await call(a, ana, 'PATCH', `/v5/messages/${m1.id}`, { text: 'one!' })
    const m3 = await sendVia(b, bo, 'three')
    await call(a, ana, 'DELETE', `/v5/messages/${m1.id}`)
    const positions = () =>
      onB.events.filter(
        (e): e is Position => e.type === 'message.created' || e.type === 'message.updated',
      )
    // 3 messages and 3 events
    await onB.until(() => positions().length >= 6, 10_000)
    const last = (
      await api(a.url, 'GET', `/v5/conversations/${conversation}`, { token: ana.token })
    ).body.last_seq as number
    expect(last).toBe(m3.seq + 1)
    expect(positions()).toHaveLength(6)
    const m2Id = (await m2).id
    const order = positions().map((p) =>
      p.type === 'message.created' ? p.message.id : `updated ${p.message.id}`,
    )
    expect(order.filter((x) => !x.startsWith('updated'))).toEqual([m1.id, m2Id, m3.id])
    expect(order.filter((x) => x.startsWith('updated'))).toEqual(Array(3).fill(`updated ${m1.id}`))
    // the edit came after two and before three, the unsend after three
    const updatesAt = order.flatMap((x, i) => (x.startsWith('updated') ? [i] : []))
    expect(updatesAt[1]).toBeGreaterThan(order.indexOf(m2Id))
    expect(updatesAt[1]).toBeLessThan(order.indexOf(m3.id))
    expect(updatesAt[2]).toBeGreaterThan(order.indexOf(m3.id))
    expect(positions()[updatesAt[2]!]!.message).toMatchObject({ removed: true, text: null })
    onB.close()
  })
})
