import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { conversationOf, messagingApp, mutual, recordEvents, send } from '../api/messaging-fixtures'
import { createPin, makeBoard } from '../api/pin-fixtures'
import { DIALECTS } from '../support/dialects'
import type { TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'

/**
 * Done-when 4: a like, a save and a source click made from a message's card are each one
 * transaction. The card action is the action's second write; when the database refuses it (a
 * trigger), nothing of the first write is left and no counts event goes out.
 */
for (const dialect of DIALECTS) {
  describe(`card actions are all or nothing [${dialect}]`, () => {
    let t: TestApp
    let ana: TestUser
    let bo: TestUser
    let pinId: string
    let messageId: string
    let boBoard: string

    /** Makes every insert into message_actions fail, as a full disk or a bug would. */
    async function refuseCardActions() {
      if (dialect === 'sqlite') {
        await sql`create trigger refuse_card_actions before insert on message_actions
          begin select raise(abort, 'card actions refused'); end`.execute(t.ctx.db)
        return
      }
      await sql`create function refuse_card_actions() returns trigger language plpgsql as $$
        begin raise exception 'card actions refused'; end $$`.execute(t.ctx.db)
      await sql`create trigger refuse_card_actions before insert on message_actions
        for each row execute function refuse_card_actions()`.execute(t.ctx.db)
    }

    async function allowCardActions() {
      if (dialect === 'sqlite') {
        await sql`drop trigger refuse_card_actions`.execute(t.ctx.db)
        return
      }
      await sql`drop trigger refuse_card_actions on message_actions`.execute(t.ctx.db)
      await sql`drop function refuse_card_actions()`.execute(t.ctx.db)
    }

    /** What the three actions write: Bo's like, saved copies and clicks, the pin's counts. */
    async function written() {
      const db = t.ctx.db
      const pin = await db
        .selectFrom('pins')
        .select(['like_count', 'save_count', 'click_count'])
        .where('id', '=', Number(pinId))
        .executeTakeFirstOrThrow()
      const count = async (table: 'pin_likes' | 'pin_clicks' | 'message_actions') =>
        Number(
          (
            await db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .where('user_id', '=', Number(bo.id))
              .executeTakeFirstOrThrow()
          ).n,
        )
      const copies = await db
        .selectFrom('pins')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('parent_pin_id', '=', Number(pinId))
        .executeTakeFirstOrThrow()
      return {
        like_count: Number(pin.like_count),
        save_count: Number(pin.save_count),
        click_count: Number(pin.click_count),
        likes: await count('pin_likes'),
        clicks: await count('pin_clicks'),
        card_actions: await count('message_actions'),
        copies: Number(copies.n),
      }
    }

    const fromCard = {
      like: () =>
        bo.call({ method: 'POST', url: `/v5/pins/${pinId}/like?message_id=${messageId}` }),
      save: () =>
        bo.call({
          method: 'POST',
          url: `/v5/pins/${pinId}/save`,
          payload: { board_id: boBoard, message_id: messageId },
        }),
      click: () =>
        bo.call({ method: 'GET', url: `/v5/pins/${pinId}/source?via=message:${messageId}` }),
    }

    beforeAll(async () => {
      t = await messagingApp(dialect)
      ana = await signUp(t)
      bo = await signUp(t)
      await mutual(t, ana, bo)
      const board = await makeBoard(t, ana)
      pinId = (await createPin(t, ana, board, { link: 'https://example.com/card' })).id
      const conversation = await conversationOf(ana, bo)
      const card = await send(ana, conversation, { attachment: { type: 'pin', id: pinId } })
      expect(card.statusCode).toBe(201)
      messageId = card.json().id
      boBoard = await makeBoard(t, bo)
    })
    afterAll(() => t?.close())

    it('the card action refused: no like, no saved copy, no click, no counts event', async () => {
      const before = await written()
      await refuseCardActions()
      const { events, stop } = recordEvents(t)
      try {
        expect((await fromCard.like()).statusCode).toBe(500)
        expect((await fromCard.save()).statusCode).toBe(500)
        expect((await fromCard.click()).statusCode).toBe(500)
        expect(await written()).toEqual(before)
        expect(events.filter((e) => e.type === 'pin.updated')).toEqual([])
        // the trigger refuses only the card action: a plain like still lands (and is taken back)
        expect(
          (await bo.call({ method: 'POST', url: `/v5/pins/${pinId}/like` })).json().like_count,
        ).toBe(before.like_count + 1)
        expect(
          (await bo.call({ method: 'DELETE', url: `/v5/pins/${pinId}/like` })).json().like_count,
        ).toBe(before.like_count)
      } finally {
        stop()
        await allowCardActions()
      }
    })

    it('the card action allowed: each action lands with it, and live cards hear the counts', async () => {
      const before = await written()
      const { events, stop } = recordEvents(t)
      expect((await fromCard.like()).statusCode).toBe(200)
      expect((await fromCard.save()).statusCode).toBe(201)
      expect((await fromCard.click()).statusCode).toBe(302)
      stop()
      expect(await written()).toEqual({
        like_count: before.like_count + 1,
        save_count: before.save_count + 1,
        click_count: before.click_count + 1,
        likes: before.likes + 1,
        clicks: before.clicks + 1,
        card_actions: before.card_actions + 3,
        copies: before.copies + 1,
      })
      expect(events.filter((e) => e.type === 'pin.updated')).toEqual([
        {
          type: 'pin.updated',
          pin_id: Number(pinId),
          save_count: before.save_count,
          like_count: before.like_count + 1,
          visible_to: null,
        },
        {
          type: 'pin.updated',
          pin_id: Number(pinId),
          save_count: before.save_count + 1,
          like_count: before.like_count + 1,
          visible_to: null,
        },
      ])
    })
  })
}
