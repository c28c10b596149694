import type { LightMyRequestResponse } from 'fastify'
import sharp from 'sharp'
import { nowIso } from '../../server/db/database'
import type { TestApp } from '../support/test-app'
import { callAs, type TestUser } from '../support/users'

/** Fixtures for the pins, media and feed suites: boards, follows and blocks go straight in. */

export async function makeBoard(
  t: TestApp,
  owner: TestUser,
  privacy: 'PUBLIC' | 'SECRET' = 'PUBLIC',
): Promise<string> {
  const row = await t.ctx.db
    .insertInto('boards')
    .values({
      owner_id: Number(owner.id),
      name: `board ${Math.random().toString(36).slice(2)}`,
      description: '',
      privacy,
      created_at: nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return String(row.id)
}

export async function makeSection(t: TestApp, boardId: string): Promise<string> {
  const row = await t.ctx.db
    .insertInto('board_sections')
    .values({ board_id: Number(boardId), name: 'section', created_at: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow()
  return String(row.id)
}

async function expectOk(res: Promise<LightMyRequestResponse>, what: string) {
  const done = await res
  if (done.statusCode >= 300) throw new Error(`${what} answered ${done.statusCode}: ${done.body}`)
}

/** Follows through the API, as a person would (which also fills their feed). */
export async function follow(t: TestApp, follower: TestUser, followee: TestUser) {
  await expectOk(
    callAs(t, follower, { method: 'POST', url: `/v5/user_account/following/${followee.username}` }),
    'follow',
  )
}

export async function followBoard(t: TestApp, user: TestUser, boardId: string) {
  await expectOk(
    callAs(t, user, { method: 'POST', url: `/v5/boards/${boardId}/follow` }),
    'board follow',
  )
}

/** Blocks through the API, as a person would (a block also drops what is cached about both). */
export async function block(t: TestApp, blocker: TestUser, blocked: TestUser) {
  await expectOk(
    callAs(t, blocker, { method: 'POST', url: `/v5/users/${blocked.username}/block` }),
    'block',
  )
}

/**
 * Writes a follow or block row and nothing else: for tests of rules that read the graph from
 * the database (who may message whom), which set up hundreds of combinations — more than the
 * API's rate limits allow. Feeds and caches do not see these rows; use `follow`/`block` there.
 */
export async function graphRow(
  t: TestApp,
  table: 'follows' | 'blocks',
  from: TestUser,
  to: TestUser,
) {
  const [a, b] = [Number(from.id), Number(to.id)]
  await (
    table === 'follows'
      ? t.ctx.db
          .insertInto('follows')
          .values({ follower_id: a, followee_id: b, created_at: nowIso() })
      : t.ctx.db.insertInto('blocks').values({ blocker_id: a, blocked_id: b, created_at: nowIso() })
  ).execute()
}

export function png(width = 64, height = 48, color = '#3366cc'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } })
    .png()
    .toBuffer()
}

export const base64Source = (data: Buffer, content_type = 'image/png') => ({
  source_type: 'image_base64',
  content_type,
  data: data.toString('base64'),
})

let sharedImage: Buffer | undefined

export async function createPin(
  t: TestApp,
  user: TestUser,
  boardId: string,
  extra: Record<string, unknown> = {},
) {
  sharedImage ??= await png()
  const res = await callAs(t, user, {
    method: 'POST',
    url: '/v5/pins',
    payload: {
      board_id: boardId,
      title: 'a pin',
      media_source: base64Source(sharedImage),
      ...extra,
    },
  })
  if (res.statusCode !== 201) throw new Error(`create pin failed: ${res.statusCode} ${res.body}`)
  return res.json() as { id: string; media: { images: Record<string, { url: string }> } } & Record<
    string,
    unknown
  >
}

/** Every row count, to prove that a request changed nothing. */
export async function tableCounts(t: TestApp) {
  const tables = [
    'users',
    'boards',
    'pins',
    'media',
    'pin_likes',
    'pin_clicks',
    'follows',
    'blocks',
  ] as const
  const counts: Record<string, number> = {}
  for (const table of tables) {
    const row = await t.ctx.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    counts[table] = Number(row.n)
  }
  const sums = await t.ctx.db
    .selectFrom('pins')
    .select((eb) => [
      eb.fn.sum<number>('save_count').as('saves'),
      eb.fn.sum<number>('like_count').as('likes'),
      eb.fn.sum<number>('click_count').as('clicks'),
    ])
    .executeTakeFirstOrThrow()
  return {
    ...counts,
    saves: Number(sums.saves ?? 0),
    likes: Number(sums.likes ?? 0),
    clicks: Number(sums.clicks ?? 0),
  }
}
