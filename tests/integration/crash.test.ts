import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { api, conversationOver, mutualOver, ServerProcess, sleep } from '../support/server-process'
import { freshUsername, signUp, type ApiUser } from '../support/users'
import { startOneInstance, type OneInstance } from '../support/one-instance'
import type { SuiteStorage } from '../support/suite-storage'

/**
 * Done-when 5: the server is killed with SIGKILL 10 times during a burst of sends from 20
 * clients that retry the same client_message_id until acknowledged. Afterwards every
 * acknowledged message exists exactly once with the answer it was acknowledged with, and
 * every conversation's seqs are gapless.
 */

const KILLS = 10
const CLIENTS = 20

interface Ack {
  user: ApiUser
  conversation: string
  clientId: string
  id: string
  seq: number
  created_at: string
  status: number
  attempts: number
}

interface Row {
  id: number
  conversation_id: number
  seq: number
  sender_id: number
  client_message_id: string
  created_at: string
}

const random = (min: number, max: number) => min + Math.floor(Math.random() * (max - min))

/** Sends one message, retrying the same client id on network errors and 5xx until acknowledged. */
async function sendUntilAcked(
  server: ServerProcess,
  user: ApiUser,
  conversation: string,
  clientId: string,
): Promise<Ack> {
  const deadline = Date.now() + 120_000
  for (let attempts = 1; ; attempts++) {
    if (Date.now() > deadline) throw new Error(`${clientId}: never acknowledged`)
    try {
      const res = await api(server.url, 'POST', `/v5/conversations/${conversation}/messages`, {
        token: user.token,
        body: { client_message_id: clientId, text: `burst ${clientId}` },
        timeoutMs: 5000,
      })
      if (res.status === 201 || res.status === 200) {
        const m = res.body as { id: string; seq: number; created_at: string }
        return { user, conversation, clientId, ...m, status: res.status, attempts }
      }
      if (res.status < 500)
        throw new Error(`${clientId}: ${res.status} ${JSON.stringify(res.body)}`)
    } catch (err) {
      if (err instanceof Error && err.message.startsWith(clientId)) throw err
      // connection refused or reset, timeout: the server is down or dying — retry the same id
    }
    await sleep(random(20, 80))
  }
}

async function readRows({ dir, schema }: SuiteStorage) {
  if (!schema) {
    const db = new Database(join(dir, 'corkboard.db'), { readonly: true })
    try {
      return {
        rows: db.prepare('select * from messages').all() as Row[],
        conversations: db.prepare('select id, last_seq from conversations').all() as {
          id: number
          last_seq: number
        }[],
      }
    } finally {
      db.close()
    }
  }
  const client = await schema.client()
  try {
    return {
      rows: (await client.query('select * from messages')).rows as Row[],
      conversations: (await client.query('select id, last_seq from conversations')).rows as {
        id: number
        last_seq: number
      }[],
    }
  } finally {
    await client.end()
  }
}

for (const dialect of DIALECTS) {
  describe(`crash: SIGKILL during a burst of sends [${dialect}]`, () => {
    let instance: OneInstance
    let storage: SuiteStorage
    let server: ServerProcess

    beforeAll(async () => {
      instance = await startOneInstance(dialect, 'crash')
      ;({ server, storage } = instance)
    })

    afterAll(async () => {
      await instance?.stop()
    })

    it(`${CLIENTS} clients keep sending while the server is killed ${KILLS} times; nothing is lost or doubled`, async () => {
      const users: ApiUser[] = []
      for (let i = 0; i < CLIENTS; i++)
        users.push(await signUp(server.url, freshUsername(`c${i}_`)))
      // one group of 10 (users 0–9) and five 1:1s (10–11, 12–13, …, 18–19)
      await mutualOver(server.url, users[0]!, ...users.slice(1, 10))
      const group = await conversationOver(server.url, users[0]!, users.slice(1, 10))
      const conversationOf = new Map<ApiUser, string>(users.slice(0, 10).map((u) => [u, group]))
      for (let i = 10; i < CLIENTS; i += 2) {
        const [a, b] = [users[i]!, users[i + 1]!]
        await mutualOver(server.url, a, b)
        const pair = await conversationOver(server.url, a, [b])
        conversationOf.set(a, pair)
        conversationOf.set(b, pair)
      }

      const acks: Ack[] = []
      let stopping = false
      const clients = users.map(async (user, n) => {
        for (let i = 0; !stopping; i++) {
          acks.push(await sendUntilAcked(server, user, conversationOf.get(user)!, `k${n}-${i}`))
          if (Math.random() < 0.3) await sleep(random(0, 15))
        }
      })

      const started = Date.now()
      const downtimes: number[] = []
      try {
        for (let k = 0; k < KILLS; k++) {
          await sleep(random(150, 900))
          await server.kill('SIGKILL')
          const down = Date.now()
          await server.start()
          downtimes.push(Date.now() - down)
        }
        await sleep(300)
      } finally {
        stopping = true
        await Promise.all(clients)
      }
      await server.stop()

      const { rows, conversations } = await readRows(storage)
      const replays = acks.filter((a) => a.status === 200).length
      const retried = acks.filter((a) => a.attempts > 1).length
      console.info(
        `  crash [${dialect}]: ${acks.length} messages acknowledged over ${KILLS} kills in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
          `(${retried} needed retries, ${replays} acknowledged by a replay of the original; restarts took ${Math.min(...downtimes)}–${Math.max(...downtimes)} ms)`,
      )
      expect(acks.length).toBeGreaterThan(CLIENTS * 5)
      expect(server.starts).toBe(KILLS + 1)

      // No (sender, client id) twice, and nothing stored that was never acknowledged.
      const byKey = new Map<string, Row>()
      for (const r of rows) {
        const key = `${r.sender_id}/${r.client_message_id}`
        expect(byKey.has(key), `duplicate ${key}`).toBe(false)
        byKey.set(key, r)
      }
      expect(rows.length).toBe(acks.length)
      // Every acknowledged message exists once, as it was acknowledged.
      for (const a of acks) {
        const row = byKey.get(`${a.user.id}/${a.clientId}`)
        expect(row, `acknowledged ${a.clientId} is missing`).toBeDefined()
        expect({ id: String(row!.id), seq: Number(row!.seq) }).toEqual({ id: a.id, seq: a.seq })
        expect(String(row!.conversation_id)).toBe(a.conversation)
      }
      // Gapless: each conversation holds exactly seqs 1..last_seq.
      for (const c of conversations) {
        const seqs = rows
          .filter((r) => Number(r.conversation_id) === Number(c.id))
          .map((r) => Number(r.seq))
          .sort((x, y) => x - y)
        expect(seqs).toEqual(Array.from({ length: Number(c.last_seq) }, (_, i) => i + 1))
      }

      // A late retry of any acknowledged message, after yet another restart, gets the same answer.
      await server.start()
      const sample = acks.filter((_, i) => i % 7 === 0)
      for (const a of sample) {
        const res = await api(server.url, 'POST', `/v5/conversations/${a.conversation}/messages`, {
          token: a.user.token,
          body: { client_message_id: a.clientId, text: 'a late retry' },
        })
        expect(res.status).toBe(200)
        expect(res.body).toMatchObject({ id: a.id, seq: a.seq, created_at: a.created_at })
      }
    }, 300_000)
  })
}
