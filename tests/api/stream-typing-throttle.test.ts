import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { listenForStream, StreamClient } from '../support/stream-client'
import type { TestApp } from '../support/test-app'
import { signUp } from '../support/users'
import { conversationOf, messagingApp, mutualAmong } from './messaging-fixtures'

/**
 * Issue 11, item 7 (review): a `typing` frame that is refused (not a member, no such
 * conversation) answers its 404 and leaves nothing behind. It must not start the 2 s typing
 * throttle of that id: a refused id is kept by nobody, so a client sending ids it may not use
 * grows no per-socket state (one entry per id it made up, before), and a typing that becomes
 * allowed a moment later (the person was just added) is delivered.
 */
for (const dialect of DIALECTS) {
  describe(`stream: a refused typing frame leaves no throttle behind [${dialect}]`, () => {
    let t: TestApp
    let url: string
    beforeAll(async () => {
      t = await messagingApp(dialect)
      url = await listenForStream(t)
    }, 30_000)
    afterAll(() => t?.close())

    it('typing refused, then allowed once added: the second one reaches the others', async () => {
      const [ana, bo, cy, dee] = [
        await signUp(t),
        await signUp(t),
        await signUp(t),
        await signUp(t),
      ]
      await mutualAmong(t, [ana, bo, cy, dee])
      const group = await conversationOf(ana, bo, dee)
      const watcher = await StreamClient.ready(url, ana.token)
      const typist = await StreamClient.ready(url, cy.token)
      const errors = () => typist.events.filter((e) => e.type === 'error')
      typist.send({ type: 'typing', conversation_id: group })
      await typist.until(() => errors().length === 1)
      expect(errors()[0]).toMatchObject({ code: 404, reason: 'not_found' })

      const added = await ana.call({
        method: 'POST',
        url: `/v5/conversations/${group}/participants`,
        payload: { usernames: [cy.username] },
      })
      expect(added.statusCode).toBe(200)
      typist.send({ type: 'typing', conversation_id: group })
      await watcher.until(
        (e) => e.some((x) => x.type === 'typing' && x.conversation_id === group),
        1500,
      )
      expect(errors()).toHaveLength(1)
      watcher.close()
      typist.close()
    })
  })
}
