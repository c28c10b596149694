import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { api, pairOver, ServerProcess } from '../support/server-process'
import { type ApiUser } from '../support/users'
import { startOneInstance, type OneInstance } from '../support/one-instance'

/**
 * Done-when 3 across a restart: the same client_message_id before and after the server
 * restarts (gracefully, and killed) yields one message and the same answer — 201 first, then
 * 200 with the same id, seq and created_at — also when the retries race each other.
 */
for (const dialect of DIALECTS) {
  describe(`idempotent send across a server restart [${dialect}]`, () => {
    let instance: OneInstance
    let server: ServerProcess
    let ana: ApiUser
    let bo: ApiUser
    let conversation: string

    const send = (clientId: string, text = 'hello', user = ana) =>
      api(server.url, 'POST', `/v5/conversations/${conversation}/messages`, {
        token: user.token,
        body: { client_message_id: clientId, text },
      })
    const history = async () => {
      const res = await api(
        server.url,
        'GET',
        `/v5/conversations/${conversation}/messages?page_size=250`,
        {
          token: bo.token,
        },
      )
      expect(res.status).toBe(200)
      return res.body.items as { id: string; seq: number; client_message_id: string }[]
    }

    beforeAll(async () => {
      instance = await startOneInstance(dialect, 'idem')
      server = instance.server
      ;({ ana, bo, conversation } = await pairOver(server.url))
    }, 60_000)

    afterAll(async () => {
      await instance?.stop()
    })

    it('one message and the same answer before and after a graceful restart and a SIGKILL', async () => {
      const first = await send('restart-1', 'before the restart')
      expect(first.status).toBe(201)
      const original = first.body
      await send('other-1', 'another message')

      await server.stop()
      await server.start()
      const afterStop = await send('restart-1', 'a retry with other text')
      expect(afterStop.status).toBe(200)
      expect(afterStop.body).toEqual(original)

      await server.kill('SIGKILL')
      await server.start()
      const racing = await Promise.all(
        Array.from({ length: 8 }, () => send('restart-1', 'racing retries')),
      )
      for (const res of racing) {
        expect(res.status).toBe(200)
        expect(res.body).toEqual(original)
      }
      expect(original).toMatchObject({ seq: 1, text: 'before the restart' })

      const items = await history()
      expect(items.filter((m) => m.client_message_id === 'restart-1')).toHaveLength(1)
      // the next new message continues the sequence
      const next = await send('restart-2')
      expect(next.status).toBe(201)
      expect(next.body.seq).toBe(3)
    }, 60_000)

    it('a first send racing its own retries right after a restart creates one message', async () => {
      await server.kill('SIGKILL')
      await server.start()
      const racing = await Promise.all(
        Array.from({ length: 8 }, () => send('race-after-restart', 'racing')),
      )
      const statuses = racing.map((r) => r.status).sort()
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 201])
      const ids = new Set(racing.map((r) => `${r.body.id}/${r.body.seq}/${r.body.created_at}`))
      expect(ids.size).toBe(1)
      const items = await history()
      expect(items.filter((m) => m.client_message_id === 'race-after-restart')).toHaveLength(1)
      const seqs = items.map((m) => m.seq).sort((x, y) => x - y)
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1))
    }, 60_000)
  })
}
