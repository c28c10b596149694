import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { api, conversationOver, mutualOver, ServerProcess, sleep } from '../support/server-process'
import { freshUsername, signUp, type ApiUser } from '../support/users'
import { range, seqsOf, StreamClient } from '../support/stream-client'
import { startOneInstance, type OneInstance } from '../support/one-instance'
import type { SuiteStorage } from '../support/suite-storage'

/**
 * Done-when 4 (PostgreSQL): one sender's transaction is held open after it has taken the
 * conversation's lock and its seq, while another sender sends later messages through the API.
 * Those sends wait for the lock (nothing commits ahead of the held seq), and once it commits
 * every reader — live sockets and a history read — sees every seq, in order, once. The held
 * message publishes no event at all (a raw client, as if its process died right after the
 * commit), so the sockets can only learn of it by backfilling the gap.
 */
describe.skipIf(!DIALECTS.includes('postgres'))('a held send transaction [postgres]', () => {
  let instance: OneInstance
  let storage: SuiteStorage
  let server: ServerProcess
  let ana: ApiUser
  let bo: ApiUser
  let cy: ApiUser
  let conversation: string
  const sockets: StreamClient[] = []

  const send = (user: ApiUser, clientId: string) =>
    api(server.url, 'POST', `/v5/conversations/${conversation}/messages`, {
      token: user.token,
      body: { client_message_id: clientId, text: clientId },
      timeoutMs: 20_000,
    })
  const history = async (user: ApiUser) => {
    const res = await api(
      server.url,
      'GET',
      `/v5/conversations/${conversation}/messages?page_size=250`,
      { token: user.token },
    )
    expect(res.status).toBe(200)
    return (res.body.items as { seq: number; text: string }[]).slice().reverse()
  }

  /** What sendMessage does inside its transaction: lock + next seq in one statement, insert. */
  async function beginHeldSend(client: pg.Client, sender: ApiUser, clientId: string) {
    await client.query('begin')
    const now = new Date().toISOString()
    const { rows } = await client.query(
      'update conversations set last_seq = last_seq + 1, last_message_at = $2 where id = $1 returning last_seq',
      [Number(conversation), now],
    )
    const seq = Number(rows[0].last_seq)
    await client.query(
      `insert into messages (conversation_id, seq, sender_id, client_message_id, text, attachment_type, attachment_id, created_at)
       values ($1, $2, $3, $4, $5, null, null, $6)`,
      [Number(conversation), seq, Number(sender.id), clientId, clientId, now],
    )
    return seq
  }

  beforeAll(async () => {
    instance = await startOneInstance('postgres', 'held')
    ;({ server, storage } = instance)
    ana = await signUp(server.url, freshUsername('ana'))
    bo = await signUp(server.url, freshUsername('bo'))
    cy = await signUp(server.url, freshUsername('cy'))
    await mutualOver(server.url, ana, bo, cy)
    conversation = await conversationOver(server.url, ana, [bo, cy])
  }, 60_000)

  afterAll(async () => {
    for (const s of sockets) s.close()
    await instance?.stop()
  })

  it('later sends wait for the held one; every reader sees every seq in order, once', async () => {
    for (let i = 0; i < 3; i++) expect((await send(bo, `before-${i}`)).status).toBe(201)
    const onCy = await StreamClient.ready(server.streamUrl, cy.token)
    const onBo = await StreamClient.ready(server.streamUrl, bo.token)
    sockets.push(onCy, onBo)
    const resumeFrom = onCy.lastCursor()

    const held = await storage.schema!.client()
    let heldSeq: number
    try {
      heldSeq = await beginHeldSend(held, ana, 'held')
      expect(heldSeq).toBe(4)
      // bo sends three more while ana's transaction holds the lock
      const settled: number[] = []
      const later = [0, 1, 2].map((i) =>
        send(bo, `later-${i}`).then((res) => {
          settled.push(i)
          return res
        }),
      )
      await sleep(800)
      expect(settled, 'a later send committed while the held seq was open').toEqual([])
      // meanwhile readers see nothing past the last committed message
      expect(seqsOf(await history(cy))).toEqual([1, 2, 3])
      expect(onCy.messages(conversation)).toEqual([])
      // a reader resuming now gets up to what is committed
      const resumed = await StreamClient.ready(server.streamUrl, cy.token, resumeFrom)
      sockets.push(resumed)

      await held.query('commit')
      const results = await Promise.all(later)
      expect(results.map((r) => r.status)).toEqual([201, 201, 201])
      expect(results.map((r) => r.body.seq as number).sort()).toEqual([5, 6, 7])

      for (const s of [onCy, onBo, resumed]) {
        await s.until(() => s.messages(conversation).length >= 4)
        await sleep(200) // nothing more, nothing twice
        expect(seqsOf(s.messages(conversation))).toEqual(range(4, 7))
        expect(s.messages(conversation)[0]).toMatchObject({ seq: 4, text: 'held' })
      }
      const all = await history(cy)
      expect(seqsOf(all)).toEqual(range(1, 7))
      expect(all[3]).toMatchObject({ text: 'held' })
    } finally {
      await held.query('rollback').catch(() => {})
      await held.end()
    }
  }, 30_000)

  it('a held send that rolls back leaves no gap: the next send takes its seq', async () => {
    const onCy = await StreamClient.ready(server.streamUrl, cy.token)
    sockets.push(onCy)
    const before = (await history(cy)).length
    const held = await storage.schema!.client()
    try {
      const seq = await beginHeldSend(held, ana, 'doomed')
      expect(seq).toBe(before + 1)
      const later = send(bo, 'after-rollback')
      await sleep(300)
      await held.query('rollback')
      const res = await later
      expect(res.status).toBe(201)
      expect(res.body.seq).toBe(before + 1)
      await onCy.until(() => onCy.messages(conversation).length >= 1)
      await sleep(200)
      expect(onCy.messages(conversation).map((m) => [m.seq, m.text])).toEqual([
        [before + 1, 'after-rollback'],
      ])
      expect(seqsOf(await history(cy))).toEqual(range(1, before + 1))
    } finally {
      await held.end()
    }
  }, 30_000)
})
