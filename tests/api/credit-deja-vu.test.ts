import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AlreadyShared, Message, ServerEvent } from '../../protocol/messages'
import { DIALECTS } from '../support/dialects'
import { listenForStream, StreamClient } from '../support/stream-client'
import type { TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'
import { allMessages, conversationOf, messagingApp, mutualAmong, send } from './messaging-fixtures'
import { base64Source, makeBoard } from './pin-fixtures'

/** A picture with structure (a flat one hashes like every other flat one), 640×480 PNG. */
function picture(f: (x: number, y: number) => number): Promise<Buffer> {
  const [w, h] = [640, 480]
  const buf = Buffer.alloc(w * h * 3)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = Math.max(0, Math.min(255, f(x / w, y / h)))
      buf.set([v, 255 - v, (v * 3) % 256], (y * w + x) * 3)
    }
  }
  return sharp(buf, { raw: { width: w, height: h, channels: 3 } })
    .png()
    .toBuffer()
}

for (const dialect of DIALECTS) {
  describe(`credit and déjà vu [${dialect}]`, () => {
    let t: TestApp
    let ana: TestUser, ben: TestUser, cy: TestUser, dee: TestUser
    let group: string
    let picA: Buffer, picA2: Buffer, picB: Buffer

    const pinOf = async (user: TestUser, board: string, image: Buffer, type = 'image/png') => {
      const res = await user.call({
        method: 'POST',
        url: '/v5/pins',
        payload: { board_id: board, title: 'a pin', media_source: base64Source(image, type) },
      })
      expect(res.statusCode).toBe(201)
      return res.json().id as string
    }
    const sendPin = async (user: TestUser, conversation: string, pinId: string) => {
      const res = await send(user, conversation, {
        text: undefined,
        attachment: { type: 'pin', id: pinId },
      })
      expect(res.statusCode).toBe(201)
      return res.json() as Message
    }
    const alreadyShared = (user: TestUser, conversation: string, pinId: string) =>
      user.call({
        method: 'GET',
        url: `/v5/conversations/${conversation}/already_shared?pin_id=${encodeURIComponent(pinId)}`,
      })
    const shared = async (user: TestUser, conversation: string, pinId: string) => {
      const res = await alreadyShared(user, conversation, pinId)
      expect(res.statusCode).toBe(200)
      return (res.json() as { shared: AlreadyShared | null }).shared
    }
    const savedBy = async (user: TestUser, conversation: string, messageId: string) => {
      const messages = await allMessages(user, conversation, 50)
      return messages.find((m) => m.id === messageId)!.saved_by
    }
    const save = async (user: TestUser, pinId: string, board: string, messageId: string) => {
      const res = await user.call({
        method: 'POST',
        url: `/v5/pins/${pinId}/save`,
        payload: { board_id: board, message_id: messageId },
      })
      expect(res.statusCode).toBe(201)
      return res.json().id as string
    }

    beforeAll(async () => {
      t = await messagingApp(dialect)
      ;[ana, ben, cy, dee] = [await signUp(t), await signUp(t), await signUp(t), await signUp(t)]
      await mutualAmong(t, [ana, ben, cy, dee])
      group = await conversationOf(ana, ben, cy)
      picA = await picture((x, y) => 128 + 120 * Math.sin(x * 19) * Math.cos(y * 13))
      // the same picture, smaller and re-encoded as a lossy JPEG
      picA2 = await sharp(picA).resize(400, 300).jpeg({ quality: 55 }).toBuffer()
      picB = await picture((x, y) => 128 + 120 * Math.cos(x * 7 + 2) * Math.sin(y * 23 + 1))
    })
    afterAll(() => t.close())

    it('matches the same pin, a save of it, and the same picture on another pin; not another picture', async () => {
      const conv = await conversationOf(ana, ben)
      const anaBoard = await makeBoard(t, ana)
      const benBoard = await makeBoard(t, ben)
      const pin = await pinOf(ana, anaBoard, picA)
      const other = await pinOf(ben, benBoard, picB)
      const lookalike = await pinOf(ben, benBoard, picA2, 'image/jpeg')

      expect(await shared(ben, conv, pin)).toBeNull()
      const first = await sendPin(ana, conv, pin)
      await send(ana, conv, { text: 'look at this' })

      expect(await shared(ben, conv, pin)).toEqual({
        message_id: first.id,
        seq: first.seq,
        sender: { username: ana.username },
        created_at: first.created_at,
        pin_id: pin,
        match: 'same_pin',
      })
      // a save of the same original is the same pin
      const saved = await save(ben, pin, benBoard, first.id)
      expect(await shared(ben, conv, saved)).toMatchObject({
        message_id: first.id,
        match: 'same_pin',
      })
      // another pin, another upload of the same picture: same_picture
      expect(await shared(ben, conv, lookalike)).toMatchObject({
        message_id: first.id,
        pin_id: pin,
        match: 'same_picture',
      })
      // a different picture: nothing
      expect(await shared(ben, conv, other)).toBeNull()

      // the newest earlier share wins: the lookalike sent later is what the pin now finds
      const second = await sendPin(ben, conv, lookalike)
      expect(await shared(ana, conv, pin)).toMatchObject({
        message_id: second.id,
        sender: { username: ben.username },
        pin_id: lookalike,
        match: 'same_picture',
      })
    })

    it('computes and keeps the hash of an image stored before hashes were', async () => {
      const conv = await conversationOf(ana, dee)
      const anaBoard = await makeBoard(t, ana)
      const deeBoard = await makeBoard(t, dee)
      const pin = await pinOf(ana, anaBoard, picA)
      const lookalike = await pinOf(dee, deeBoard, picA2, 'image/jpeg')
      const message = await sendPin(ana, conv, pin)
      const keys = await t.ctx.db
        .selectFrom('pins')
        .select('media_key')
        .where('id', 'in', [Number(pin), Number(lookalike)])
        .execute()
      const before = await t.ctx.db
        .selectFrom('media')
        .select(['key', 'phash'])
        .where(
          'key',
          'in',
          keys.map((k) => k.media_key),
        )
        .execute()
      expect(before.every((m) => /^[0-9a-f]{16}$/.test(m.phash ?? ''))).toBe(true)
      await t.ctx.db
        .updateTable('media')
        .set({ phash: null })
        .where(
          'key',
          'in',
          keys.map((k) => k.media_key),
        )
        .execute()

      expect(await shared(dee, conv, lookalike)).toMatchObject({
        message_id: message.id,
        match: 'same_picture',
      })
      const after = await t.ctx.db
        .selectFrom('media')
        .select(['key', 'phash'])
        .where(
          'key',
          'in',
          keys.map((k) => k.media_key),
        )
        .execute()
      // the same hashes again, from the stored files
      expect(new Map(after.map((m) => [m.key, m.phash]))).toEqual(
        new Map(before.map((m) => [m.key, m.phash])),
      )
    })

    it('refuses bad input, a non-member, and a pin the caller may not see', async () => {
      const anaBoard = await makeBoard(t, ana)
      const pin = await pinOf(ana, anaBoard, picB)
      for (const bad of ['abc', '0', '-1', '1\u0000', '99999999999999999999', '']) {
        const res = await alreadyShared(ben, group, bad)
        expect(res.statusCode, bad).toBe(400)
        expect(res.json()).toMatchObject({ code: 400 })
      }
      const missing = await ben.call({
        method: 'GET',
        url: `/v5/conversations/${group}/already_shared`,
      })
      expect(missing.statusCode).toBe(400)
      expect((await alreadyShared(ben, '99999999', pin)).statusCode).toBe(404)
      expect((await alreadyShared(ben, `${group}%00`, pin)).statusCode).toBe(400)
      // dee is not in the group
      expect((await alreadyShared(dee, group, pin)).statusCode).toBe(404)
      // an unknown pin, and a secret pin of someone else: 404 alike
      expect((await alreadyShared(ben, group, '99999999')).statusCode).toBe(404)
      const secret = await pinOf(ana, await makeBoard(t, ana, 'SECRET'), picB)
      expect((await alreadyShared(ben, group, secret)).statusCode).toBe(404)
      expect((await alreadyShared(ana, group, secret)).statusCode).toBe(200)
    })

    it('a member added later finds no share from before they joined', async () => {
      const conv = await conversationOf(ben, cy, ana)
      const pin = await pinOf(ben, await makeBoard(t, ben), picA)
      await sendPin(ben, conv, pin)
      const added = await ben.call({
        method: 'POST',
        url: `/v5/conversations/${conv}/participants`,
        payload: { usernames: [dee.username] },
      })
      expect(added.statusCode).toBe(200)
      expect(await shared(cy, conv, pin)).toMatchObject({ match: 'same_pin' })
      expect(await shared(dee, conv, pin)).toBeNull()
    })

    it('names a secret board the sender collaborates on; leaves out a saver the sender blocked', async () => {
      const pin = await pinOf(ana, await makeBoard(t, ana), picA)
      const message = await sendPin(ana, group, pin)
      // ben's secret group board, ana one of its collaborators: she may see it, so it is named
      const shared = await makeBoard(t, ben, 'SECRET')
      const invited = await ben.call({
        method: 'POST',
        url: `/v5/boards/${shared}/collaborators`,
        payload: { usernames: [ana.username] },
      })
      expect(invited.statusCode).toBeLessThan(300)
      await save(ben, pin, shared, message.id)
      await save(cy, pin, await makeBoard(t, cy), message.id)
      const credit = await savedBy(ana, group, message.id)
      expect(credit.map((s) => [s.username, s.board?.id ?? null])).toEqual([
        [ben.username, shared],
        [cy.username, expect.any(String)],
      ])
      const blocked = await ana.call({ method: 'POST', url: `/v5/users/${cy.username}/block` })
      expect(blocked.statusCode).toBeLessThan(300)
      expect((await savedBy(ana, group, message.id)).map((s) => s.username)).toEqual([ben.username])
      const unblocked = await ana.call({ method: 'DELETE', url: `/v5/users/${cy.username}/block` })
      expect(unblocked.statusCode).toBeLessThan(300)
    })

    it('credits the savers in the sender’s own view only, live to the sender alone', async () => {
      const url = await listenForStream(t)
      const anaBoard = await makeBoard(t, ana)
      const pin = await pinOf(ana, anaBoard, picB)
      const message = await sendPin(ana, group, pin)
      expect(message.saved_by).toEqual([])
      const anaSocket = await StreamClient.ready(url, ana.token)
      const benSocket = await StreamClient.ready(url, ben.token)
      try {
        const camping = await makeBoard(t, ben)
        await t.ctx.db
          .updateTable('boards')
          .set({ name: 'Camping' })
          .where('id', '=', Number(camping))
          .execute()
        await save(ben, pin, camping, message.id)

        const expected = [{ username: ben.username, board: { id: camping, name: 'Camping' } }]
        expect(await savedBy(ana, group, message.id)).toEqual(expected)
        // the others see no credit
        expect(await savedBy(ben, group, message.id)).toEqual([])
        expect(await savedBy(cy, group, message.id)).toEqual([])

        const isSaved = (e: ServerEvent) => e.type === 'message.saved'
        await anaSocket.until((events) => events.some(isSaved))
        expect(anaSocket.events.filter(isSaved)).toEqual([
          {
            type: 'message.saved',
            conversation_id: group,
            message_id: message.id,
            saved_by: expected,
          },
        ])

        // cy saves it to a secret board: credited, the board not named
        const hidden = await makeBoard(t, cy, 'SECRET')
        await save(cy, pin, hidden, message.id)
        const both = [...expected, { username: cy.username, board: null }]
        expect(await savedBy(ana, group, message.id)).toEqual(both)
        await anaSocket.until((events) => events.filter(isSaved).length === 2)
        expect(anaSocket.events.filter(isSaved)[1]).toMatchObject({ saved_by: both })

        // the sender's own save is no credit, and nobody else heard any of it
        const counts = (e: ServerEvent) => e.type === 'pin.updated'
        const seen = anaSocket.events.filter(counts).length
        await save(ana, pin, await makeBoard(t, ana), message.id)
        expect(await savedBy(ana, group, message.id)).toEqual(both)
        await anaSocket.until((events) => events.filter(counts).length > seen)
        expect(benSocket.events.some(isSaved)).toBe(false)
        expect(anaSocket.events.filter(isSaved)).toHaveLength(2)
      } finally {
        anaSocket.close()
        benSocket.close()
      }
    })
  })
}
