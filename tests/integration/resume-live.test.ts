import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import {
  api,
  conversationOver,
  pairOver,
  mutualOver,
  ServerProcess,
  sleep,
} from '../support/server-process'
import { freshUsername, signUp, type ApiUser } from '../support/users'
import { range, seqsOf, StreamClient } from '../support/stream-client'
import { startOneInstance, type OneInstance } from '../support/one-instance'
import type { SuiteStorage } from '../support/suite-storage'

/**
 * Done-when 4, resume under traffic: a socket that resumes with a long replay while new
 * messages keep arriving ends with every message — the replayed ones and those committed
 * while the replay ran — in order, once.
 */
const BACKLOG = 1500
const LIVE = 10

for (const dialect of DIALECTS) {
  describe(`resume while messages keep arriving [${dialect}]`, () => {
    let instance: OneInstance
    let storage: SuiteStorage
    let server: ServerProcess
    let ana: ApiUser
    let bo: ApiUser
    let conversation: string
    let other: string

    /** A backlog written straight into the database (as the service writes it), quickly. */
    async function writeBacklog(from: number, count: number) {
      const now = new Date().toISOString()
      const rows = range(from, from + count - 1).map((seq) => [
        Number(conversation),
        seq,
        Number(ana.id),
        `backlog-${seq}`,
        `backlog ${seq}`,
        now,
      ])
      const insert =
        'insert into messages (conversation_id, seq, sender_id, client_message_id, text, created_at) values '
      if (storage.schema) {
        const client = await storage.schema.client()
        try {
          await client.query('begin')
          await client.query(
            insert +
              rows
                .map(
                  (_, i) =>
                    `($${i * 6 + 1}, $${i * 6 + 2}, $${i * 6 + 3}, $${i * 6 + 4}, $${i * 6 + 5}, $${i * 6 + 6})`,
                )
                .join(', '),
            rows.flat(),
          )
          await client.query('update conversations set last_seq = $1 where id = $2', [
            from + count - 1,
            Number(conversation),
          ])
          await client.query('commit')
        } finally {
          await client.end()
        }
        return
      }
      const db = new Database(join(storage.dir, 'corkboard.db'))
      db.pragma('busy_timeout = 5000')
      try {
        const one = db.prepare(insert + '(?, ?, ?, ?, ?, ?)')
        db.transaction(() => {
          for (const r of rows) one.run(...r)
          db.prepare('update conversations set last_seq = ? where id = ?').run(
            from + count - 1,
            Number(conversation),
          )
        })()
      } finally {
        db.close()
      }
    }

    beforeAll(async () => {
      instance = await startOneInstance(dialect, 'resume')
      ;({ server, storage } = instance)
      ;({ ana, bo, conversation } = await pairOver(server.url))
      const cy = await signUp(server.url, freshUsername('cy'))
      await mutualOver(server.url, ana, cy)
      other = await conversationOver(server.url, ana, [bo, cy])
    }, 60_000)

    afterAll(async () => {
      await instance?.stop()
    })

    it(`a replay of ${BACKLOG} while ${LIVE} more are sent: all of them, in order, once`, async () => {
      const away = await StreamClient.ready(server.streamUrl, bo.token)
      const cursor = away.lastCursor()
      away.close()
      await writeBacklog(1, BACKLOG)

      const back = await StreamClient.open(server.streamUrl, {
        authorization: `Bearer ${bo.token}`,
      })
      back.send({ type: 'hello', cursor })
      // live messages while the replay runs, and none after it
      const results = await Promise.all(
        range(0, LIVE - 1).map(async (i) => {
          await sleep(i * 5)
          const res = await api(server.url, 'POST', `/v5/conversations/${conversation}/messages`, {
            token: ana.token,
            body: { client_message_id: `live-${i}`, text: `live ${i}` },
          })
          return res
        }),
      )
      expect(results.map((r) => r.status)).toEqual(Array(LIVE).fill(201))
      await back.until((e) => e.some((x) => x.type === 'ready'), 15_000)
      const total = BACKLOG + LIVE
      try {
        await back.until(() => back.messages(conversation).length >= total, 15_000)
      } finally {
        back.close()
      }
      await sleep(100)
      expect(seqsOf(back.messages(conversation))).toEqual(range(1, total))
      expect(back.events.filter((e) => e.type === 'ready')).toHaveLength(1)
    }, 60_000)

    it('a message of another conversation sent in the middle of a replay is not lost', async () => {
      const away = await StreamClient.ready(server.streamUrl, bo.token)
      const cursor = away.lastCursor()
      away.close()
      const from = Number(
        (
          (
            await api(server.url, 'GET', `/v5/conversations/${conversation}/messages?page_size=1`, {
              token: bo.token,
            })
          ).body.items as { seq: number }[]
        )[0]!.seq,
      )
      await writeBacklog(from + 1, BACKLOG)

      const back = await StreamClient.open(server.streamUrl, {
        authorization: `Bearer ${bo.token}`,
      })
      try {
        back.send({ type: 'hello', cursor })
        // once the replay is under way, one message elsewhere — and nothing after it
        await back.until(() => back.messages(conversation).length >= 100, 15_000)
        const res = await api(server.url, 'POST', `/v5/conversations/${other}/messages`, {
          token: ana.token,
          body: { client_message_id: 'mid-replay', text: 'sent mid-replay' },
        })
        expect(res.status).toBe(201)
        await back.until(() => back.messages(other).length >= 1, 5000)
        await back.until(() => back.messages(conversation).length >= BACKLOG, 15_000)
        await sleep(100)
        expect(back.messages(other).map((m) => m.text)).toEqual(['sent mid-replay'])
        expect(seqsOf(back.messages(conversation))).toEqual(range(from + 1, from + BACKLOG))
      } finally {
        back.close()
      }
    }, 60_000)
  })
}
