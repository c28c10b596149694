import { base64Source, png } from '../api/pin-fixtures'
import type { TestApp } from './test-app'
import { signUp, type TestUser } from './users'

/**
 * A small world with one of everything the API's paths name, for suites that call every
 * operation of /docs/json: Ana owns a public board with a section and a pin in it and a spare
 * token; Bo and Ana follow each other, Bo follows the board, and Ana has sent Bo the pin in a
 * conversation. `ids` fills the `{name}` parameters of a path (see fillPath).
 */
export interface ApiWorld {
  ana: TestUser
  bo: TestUser
  /** a business account with a pin of its own and a promotion of it (ids.promotion_id) */
  shop: TestUser
  /** username (Ana's), board_id, section_id, pin_id, conversation_id, message_id, token_id… */
  ids: Record<string, string>
  /** the base64 data of the pin's image */
  image: string
}

export async function buildApiWorld(t: TestApp): Promise<ApiWorld> {
  const ana = await signUp(t)
  const bo = await signUp(t)
  const ids: Record<string, string> = { username: ana.username }
  const ok = <R extends { statusCode: number; body: string }>(res: R, what: string): R => {
    if (res.statusCode >= 300) throw new Error(`${what} answered ${res.statusCode}: ${res.body}`)
    return res
  }
  const board = await ana.call({
    method: 'POST',
    url: '/v5/boards',
    payload: { name: 'Camping tent', privacy: 'PUBLIC' },
  })
  ids.board_id = ok(board, 'board').json().id
  const section = await ana.call({
    method: 'POST',
    url: `/v5/boards/${ids.board_id}/sections`,
    payload: { name: 'Tents' },
  })
  ids.section_id = ok(section, 'section').json().id
  const source = base64Source(await png(40, 30))
  const pin = await ana.call({
    method: 'POST',
    url: '/v5/pins',
    payload: {
      board_id: ids.board_id,
      board_section_id: ids.section_id,
      title: 'Tent',
      link: 'https://example.com/tent',
      media_source: source,
    },
  })
  ids.pin_id = ok(pin, 'pin').json().id
  await bo.call({ method: 'POST', url: `/v5/user_account/following/${ana.username}` })
  await ana.call({ method: 'POST', url: `/v5/user_account/following/${bo.username}` })
  await bo.call({ method: 'POST', url: `/v5/boards/${ids.board_id}/follow` })
  const conversation = await ana.call({
    method: 'POST',
    url: '/v5/conversations',
    payload: { participants: [bo.username] },
  })
  ids.conversation_id = ok(conversation, 'conversation').json().id
  const sent = await ana.call({
    method: 'POST',
    url: `/v5/conversations/${ids.conversation_id}/messages`,
    payload: { client_message_id: 'm1', attachment: { type: 'pin', id: ids.pin_id } },
  })
  const messageId: string = ok(sent, 'message').json().id
  ids.message_id = messageId
  ids.from_message_id = messageId
  const token = await ana.call({
    method: 'POST',
    url: '/v5/user_account/tokens',
    payload: { name: 'spare', scopes: ['pins:read'] },
  })
  ids.token_id = ok(token, 'token').json().id
  const shop = await signUp(t, undefined, { account_type: 'BUSINESS', business_name: 'Shop' })
  const shopBoard = await shop.call({
    method: 'POST',
    url: '/v5/boards',
    payload: { name: 'Shop window', privacy: 'PUBLIC' },
  })
  const shopPin = await shop.call({
    method: 'POST',
    url: '/v5/pins',
    payload: {
      board_id: ok(shopBoard, 'shop board').json().id,
      title: 'Lamp',
      media_source: source,
    },
  })
  const today = new Date().toISOString().slice(0, 10)
  const promotion = await shop.call({
    method: 'POST',
    url: '/v5/promotions',
    payload: {
      pin_id: ok(shopPin, 'shop pin').json().id,
      name: 'Lamp week',
      start_date: today,
      end_date: today,
      counts: 'either',
    },
  })
  ids.promotion_id = ok(promotion, 'promotion').json().id
  return { ana, bo, shop, ids, image: source.data }
}

/** The path with each `{name}` replaced by ids[name] (by 1 where the world has no such thing). */
export const fillPath = (path: string, ids: Record<string, string>) =>
  path.replace(/\{(\w+)\}/g, (_m, name: string) => ids[name] ?? '1')
