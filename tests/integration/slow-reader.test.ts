import type { Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_SOCKET_BACKLOG_BYTES } from '../../server/realtime/connections'
import { TEXT_MAX } from '../../server/domain/messaging/content'
import { clientId, friendsInConversation, messagingApp } from '../api/messaging-fixtures'
import { DIALECTS } from '../support/dialects'
import { listenForStream, range, seqsOf, StreamClient } from '../support/stream-client'
import type { TestApp } from '../support/test-app'
import type { TestUser } from '../support/users'
import { waitFor } from '../support/wait'

/**
 * A socket that stops reading but keeps talking (typing frames) is no reader: once what the
 * server holds for it passes the bound, it is cut off, while a reading socket of the same
 * conversation gets everything.
 */
for (const dialect of DIALECTS) {
  describe(`a socket that does not read [${dialect}]`, () => {
    let t: TestApp
    let url: string
    let ana: TestUser
    let bo: TestUser
    let conversation: string

    beforeAll(async () => {
      t = await messagingApp(dialect)
      url = await listenForStream(t)
      ;({ ana, bo, conversation } = await friendsInConversation(t))
    })
    afterAll(() => t.close())

    it('is closed once its backlog passes the bound; a reading socket receives everything', async () => {
      const reader = await StreamClient.ready(url, bo.token)
      const stalled = await StreamClient.ready(url, bo.token)
      const raw = (stalled.ws as unknown as { _socket: Socket })._socket
      raw.pause() // reads nothing more from here on…
      const chatter = setInterval(() => {
        // …but keeps sending frames, as if it were alive
        if (stalled.ws.readyState === stalled.ws.OPEN)
          stalled.send({ type: 'typing', conversation_id: conversation })
      }, 100)
      expect(t.ctx.gateway.stats().connections).toBe(2)

      const text = 'x'.repeat(TEXT_MAX)
      const sent: number[] = []
      // well past the bound plus whatever the kernel's socket buffers take in
      const cap = Math.ceil((MAX_SOCKET_BACKLOG_BYTES + 16 * 1024 * 1024) / TEXT_MAX)
      try {
        while (sent.length < cap && t.ctx.gateway.stats().connections === 2) {
          const batch = await Promise.all(
            range(1, 20).map(() =>
              ana.call({
                method: 'POST',
                url: `/v5/conversations/${conversation}/messages`,
                payload: { client_message_id: clientId(), text },
              }),
            ),
          )
          for (const res of batch) {
            expect(res.statusCode).toBe(201)
            sent.push(res.json().seq as number)
          }
        }
        await waitFor(
          'the stalled socket to be cut off',
          () => t.ctx.gateway.stats().connections === 1,
          5000,
        )
      } finally {
        clearInterval(chatter)
      }
      sent.sort((a, b) => a - b)
      await reader.until(() => reader.messages(conversation).length >= sent.length, 20_000)
      expect(seqsOf(reader.messages(conversation))).toEqual(sent)
      expect(reader.closed).toBeNull()

      // once it reads again it finds itself closed, and resumes from its cursor
      raw.resume()
      await waitFor('the stalled client to see the close', () => stalled.closed !== null, 10_000)
      const got = stalled.messages(conversation)
      expect(seqsOf(got)).toEqual(sent.slice(0, got.length))
      const back = await StreamClient.ready(url, bo.token, stalled.lastCursor())
      // (a resume past the replay limit is told to refetch instead, as any resume is)
      if (!back.events.some((e) => e.type === 'resync_required')) {
        expect([...seqsOf(got), ...seqsOf(back.messages(conversation))]).toEqual(sent)
      }
      back.close()
      reader.close()
    }, 120_000)
  })
}
