import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type pg from 'pg'
import { DIALECTS } from '../support/dialects'
import { startOneInstance, type OneInstance } from '../support/one-instance'
import {
  api,
  conversationOver,
  mutualOver,
  pairOver,
  type JsonBody,
  type ServerProcess,
} from '../support/server-process'
import { range, StreamClient } from '../support/stream-client'
import {
  describeTwoInstances,
  startTwoInstances,
  type TwoInstances,
} from '../support/two-instances'
import { freshUsername, signUp, type ApiUser } from '../support/users'

/**
 * The send on PostgreSQL (migration 017's `corkboard_send_messages`, grouped per turn by
 * domain/messaging/send-batch.ts): one message per client id under racing retries on one and
 * two instances, gapless seqs under concurrent senders on two instances, every outcome of a
 * batch its own (a refused send consumes no seq), and nothing acknowledged lost to a SIGKILL
 * mid-batch. Overload (429 `overloaded`, never a silent drop) runs on both dialects.
 */
const send = (server: ServerProcess, user: ApiUser, conversation: string, clientId: string) =>
  api(server.url, 'POST', `/v5/conversations/${conversation}/messages`, {
    token: user.token,
    body: { client_message_id: clientId, text: `text ${clientId}` },
  })

async function rowsOf(client: pg.Client, conversation: string) {
  const { rows } = await client.query<{ seq: number; client_message_id: string; id: string }>(
    'select seq, client_message_id, id from messages where conversation_id = $1 order by seq',
    [conversation],
  )
  return rows.map((r) => ({ ...r, seq: Number(r.seq), id: String(r.id) }))
}

describeTwoInstances('the PostgreSQL send: one round trip, grouped, two instances', () => {
  let instances: TwoInstances
  let a: ServerProcess
  let b: ServerProcess
  let db: pg.Client

  beforeAll(async () => {
    instances = await startTwoInstances('pgsend')
    ;({ a, b } = instances)
    db = await instances.storage.schema!.client()
  }, 90_000)

  afterAll(async () => {
    await db?.end()
    await instances?.stop()
  })

  it('identical sends racing on one and on two instances: one message, every answer the same', async () => {
    const { ana, conversation } = await pairOver(a.url)
    for (const servers of [[a], [a, b]]) {
      const clientId = `race-${servers.length}`
      const answers = await Promise.all(
        range(0, 23).map((i) => send(servers[i % servers.length]!, ana, conversation, clientId)),
      )
      expect(answers.map((r) => r.status).filter((s) => s === 201)).toHaveLength(1)
      for (const r of answers) {
        expect([200, 201]).toContain(r.status)
        expect(r.body).toEqual(answers[0]!.body)
      }
      const rows = (await rowsOf(db, conversation)).filter((r) => r.client_message_id === clientId)
      expect(rows).toHaveLength(1)
      expect(rows[0]!.id).toBe(answers[0]!.body.id)
    }
  }, 60_000)

  it('one client id racing into two conversations: one message, the other answer 409 reused; the sends around it unharmed', async () => {
    const { ana, bo, conversation: pair } = await pairOver(a.url)
    const carl = await signUp(a.url, freshUsername('carl'))
    await mutualOver(a.url, ana, carl)
    const group = await conversationOver(a.url, ana, [bo, carl])
    const answers = await Promise.all(
      range(0, 7).flatMap((i) => [
        send(a, ana, pair, `twice-${i}`),
        send(b, ana, group, `twice-${i}`),
        send(i % 2 ? a : b, bo, pair, `bystander-${i}`),
      ]),
    )
    for (const i of range(0, 7)) {
      const [one, other, bystander] = answers.slice(i * 3, i * 3 + 3)
      expect([one!.status, other!.status].sort()).toEqual([201, 409])
      expect([one, other].find((r) => r!.status === 409)!.body.reason).toBe(
        'client_message_id_reused',
      )
      expect(bystander!.status).toBe(201)
    }
    const rows = [...(await rowsOf(db, pair)), ...(await rowsOf(db, group))]
    expect(rows.filter((r) => r.client_message_id.startsWith('twice-'))).toHaveLength(8)
    expect((await rowsOf(db, pair)).map((r) => r.seq)).toEqual(
      range(1, (await rowsOf(db, pair)).length),
    )
  }, 60_000)

  it('concurrent senders on two instances: seqs gapless, each acknowledged seq is its row', async () => {
    const people = await Promise.all(range(1, 4).map(() => signUp(a.url, freshUsername('g'))))
    await mutualOver(a.url, people[0]!, ...people.slice(1))
    const group = await conversationOver(a.url, people[0]!, people.slice(1))
    const acked = new Map<string, number>()
    await Promise.all(
      people.map(async (person, p) => {
        // each person: 30 sends, 6 at a time, alternating instances
        for (let round = 0; round < 5; round++) {
          const answers = await Promise.all(
            range(0, 5).map(async (i) => {
              const clientId = `g${p}-${round}-${i}`
              const server = (round + i) % 2 === 0 ? a : b
              const res = await send(server, person, group, clientId)
              expect(res.status).toBe(201)
              return [clientId, Number(res.body.seq)] as const
            }),
          )
          for (const [k, seq] of answers) acked.set(k, seq)
        }
      }),
    )
    const rows = await rowsOf(db, group)
    expect(rows.map((r) => r.seq)).toEqual(range(1, 120))
    for (const r of rows) expect(acked.get(r.client_message_id)).toBe(r.seq)
    const { rows: conv } = await db.query('select last_seq from conversations where id = $1', [
      group,
    ])
    expect(Number(conv[0].last_seq)).toBe(120)
  }, 60_000)

  it('one call, every send its own outcome; refused ones take no seq', async () => {
    const { ana, bo, conversation: pair } = await pairOver(a.url)
    const carl = await signUp(a.url, freshUsername('carl'))
    const dave = await signUp(a.url, freshUsername('dave'))
    const erin = await signUp(a.url, freshUsername('erin'))
    const fred = await signUp(a.url, freshUsername('fred'))
    await mutualOver(a.url, ana, carl, erin, fred)
    const withCarl = await conversationOver(a.url, ana, [carl])
    const withErin = await conversationOver(a.url, ana, [erin])
    const withFred = await conversationOver(a.url, ana, [fred])
    const group = await conversationOver(a.url, ana, [bo, carl])
    await db.query(`update users set message_policy = 'nobody' where id = $1`, [carl.id])
    await db.query(`update users set suspended_at = $2 where id = $1`, [erin.id, 'now'])
    await db.query(
      `insert into blocks (blocker_id, blocked_id, created_at) values ($1, $2, 'now')`,
      [fred.id, ana.id],
    )
    const now = new Date().toISOString()
    const s = (c: string, sender: ApiUser, k: string) => ({
      c: Number(c),
      s: Number(sender.id),
      k,
      t: k,
      at: null,
      ai: null,
      n: now,
    })
    const batch = [
      s(pair, ana, 'k1'),
      s(pair, dave, 'k2'), // not a member
      s(pair, ana, 'k1'), // the same again: the original
      s(group, ana, 'k1'), // k1 names a message of another conversation
      s(withCarl, ana, 'k3'), // carl takes no messages now
      s(pair, ana, 'k4'),
      s('987654321', ana, 'k5'), // no such conversation
      s(pair, bo, 'k1'), // bo's own k1
      s(withErin, ana, 'k8'), // erin is suspended: as if blocked
      s(withFred, ana, 'k9'), // fred blocked ana
      s(pair, ana, 'k4'), // k4 again, in the same call: the original
    ]
    const { rows } = await db.query('select * from corkboard_send_messages($1::jsonb)', [
      JSON.stringify(batch),
    ])
    expect(rows.map((r) => [r.o_idx, r.o_outcome, r.o_seq])).toEqual([
      [0, 'created', 1],
      [1, 'not_found', null],
      [2, 'duplicate', 1],
      [3, 'reused', null],
      [4, 'policy_nobody', null],
      [5, 'created', 2],
      [6, 'not_found', null],
      [7, 'created', 3],
      [8, 'blocked', null],
      [9, 'blocked', null],
      [10, 'duplicate', 2],
    ])
    expect(rows[2].o_id).toBe(rows[0].o_id)
    expect(rows[4].o_refused_username).toBe(carl.username)
    expect(rows[0].o_member_ids.map(Number).sort()).toEqual([ana.id, bo.id].map(Number).sort())
    const last = async (c: string) =>
      Number(
        (await db.query('select last_seq from conversations where id = $1', [c])).rows[0].last_seq,
      )
    expect([await last(pair), await last(withCarl), await last(group)]).toEqual([3, 0, 0])
    // the REST answers say the same (the reasons of the messaging-send and -policy suites)
    const refused = await send(a, ana, withCarl, 'k6')
    expect([refused.status, refused.body.reason]).toEqual([403, 'policy_nobody'])
    expect((await send(b, dave, pair, 'k7')).status).toBe(404)
    const reused = await send(b, ana, group, 'k1')
    expect([reused.status, reused.body.reason]).toEqual([409, 'client_message_id_reused'])
  }, 60_000)
})

describe.skipIf(!DIALECTS.includes('postgres'))('the PostgreSQL send and a SIGKILL', () => {
  let instance: OneInstance
  let db: pg.Client

  beforeAll(async () => {
    instance = await startOneInstance('postgres', 'pgkill')
    db = await instance.storage.schema!.client()
  }, 60_000)

  afterAll(async () => {
    await db?.end()
    await instance?.stop()
  })

  it('a SIGKILL mid-batch loses no acknowledged message; seqs stay gapless', async () => {
    const { server } = instance
    const { ana, bo, conversation } = await pairOver(server.url)
    const sockets = await Promise.all(
      [ana, bo].map((u) => StreamClient.ready(server.streamUrl, u.token)),
    )
    const acked = new Map<string, number>()
    let sent = 0
    let stop = false
    const pump = async () => {
      while (!stop) {
        for (const [i, socket] of sockets.entries()) {
          for (let j = 0; j < 10 && !socket.closed; j++, sent++) {
            socket.send({
              type: 'message.send',
              request_id: `r${sent}`,
              conversation_id: conversation,
              client_message_id: `kill-${i}-${sent}`,
              text: `burst ${sent}`,
            })
          }
        }
        await new Promise((r) => setTimeout(r, 5))
      }
    }
    const pumping = pump()
    await sockets[0]!.until((e) => e.filter((x) => x.type === 'message.ack').length >= 50, 10_000)
    await instance.server.kill('SIGKILL')
    stop = true
    await pumping
    for (const socket of sockets) {
      for (const e of socket.events) {
        if (e.type === 'message.ack') acked.set(e.message.client_message_id, e.message.seq)
      }
    }
    expect(acked.size).toBeGreaterThanOrEqual(50)
    await instance.server.start()
    const rows = await rowsOf(db, conversation)
    const bySeq = new Map(rows.map((r) => [r.client_message_id, r.seq]))
    for (const [k, seq] of acked) expect(bySeq.get(k)).toBe(seq)
    expect(rows.map((r) => r.seq)).toEqual(range(1, rows.length))
    // grouped: the sends of a burst committed together (one transaction id for several rows)
    const { rows: commits } = await db.query(
      'select count(distinct xmin::text) as n from messages where conversation_id = $1',
      [conversation],
    )
    expect(Number(commits[0].n)).toBeLessThan(rows.length / 2)
    // and the conversation goes on from there
    const next = await send(server, ana, conversation, 'after-kill')
    expect([next.status, next.body.seq]).toEqual([201, rows.length + 1])
    void bo
  }, 60_000)
})

for (const dialect of DIALECTS) {
  describe(`sends beyond SEND_QUEUE_MAX: 429 overloaded, never dropped [${dialect}]`, () => {
    let instance: OneInstance

    beforeAll(async () => {
      instance = await startOneInstance(dialect, 'overload', { SEND_QUEUE_MAX: '2' })
    }, 60_000)

    afterAll(async () => {
      await instance?.stop()
    })

    it('REST and socket sends past the bound are refused with 429 overloaded; the rest are kept', async () => {
      const { server } = instance
      const { ana, bo, conversation } = await pairOver(server.url)
      const history = async () => {
        const res = await api(
          server.url,
          'GET',
          `/v5/conversations/${conversation}/messages?page_size=250`,
          { token: bo.token },
        )
        return (res.body.items as JsonBody[]).map((m) => m.client_message_id as string)
      }

      const socket = await StreamClient.ready(server.streamUrl, ana.token)
      for (const i of range(0, 39)) {
        socket.send({
          type: 'message.send',
          request_id: `q${i}`,
          conversation_id: conversation,
          client_message_id: `ws-${i}`,
          text: `socket ${i}`,
        })
      }
      const answered = (e: { type: string }[]) =>
        e.filter((x) => x.type === 'message.ack' || x.type === 'error').length
      await socket.until((e) => answered(e) >= 40, 15_000)
      const acks = socket.events.flatMap((e) => (e.type === 'message.ack' ? [e] : []))
      const errors = socket.events.flatMap((e) => (e.type === 'error' ? [e] : []))
      expect(errors.length).toBeGreaterThan(0)
      for (const e of errors) {
        expect(e).toMatchObject({ code: 429, reason: 'overloaded' })
        expect(e.request_id).toMatch(/^q\d+$/)
      }
      expect(new Set([...acks, ...errors].map((e) => e.request_id)).size).toBe(40)

      const rest = await Promise.all(
        range(0, 29).map((i) => send(server, ana, conversation, `rest-${i}`)),
      )
      const refused = rest.filter((r) => r.status === 429)
      for (const r of refused) {
        expect(r.body.reason).toBe('overloaded')
        expect(r.headers.get('retry-after')).toBe('1')
      }
      expect(rest.every((r) => r.status === 201 || r.status === 429)).toBe(true)

      // every acknowledged send is kept, no refused one is; retried, the refused ones go in
      const kept = new Set(await history())
      for (const e of acks) expect(kept.has(e.message.client_message_id)).toBe(true)
      rest.forEach((r, i) => expect(kept.has(`rest-${i}`)).toBe(r.status === 201))
      expect(kept.size).toBe(acks.length + rest.length - refused.length)
      for (const [i, r] of rest.entries()) {
        if (r.status !== 429) continue
        expect((await send(server, ana, conversation, `rest-${i}`)).status).toBe(201)
      }
      expect(await history()).toHaveLength(kept.size + refused.length)
      socket.close()
    }, 60_000)
  })
}
