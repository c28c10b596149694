import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import yauzl from 'yauzl'
import type { TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'
import { base64Source, png } from './pin-fixtures'

/** Fixtures of the "your data" suites (data-export, account-deletion). */

export async function ok(res: Promise<LightMyRequestResponse>, what: string) {
  const done = await res
  if (done.statusCode >= 300) throw new Error(`${what} answered ${done.statusCode}: ${done.body}`)
  return done
}

export const json = async (user: TestUser, opts: InjectOptions, what: string) => {
  const res = await ok(user.call(opts), what)
  return res.body ? res.json() : null
}

/** A ZIP's entries by name. */
export function unzip(data: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(data, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'))
      const out = new Map<string, Buffer>()
      zip.on('error', reject)
      zip.on('end', () => resolve(out))
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'))
          const parts: Buffer[] = []
          stream.on('data', (c: Buffer) => parts.push(c))
          stream.on('error', reject)
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(parts))
            zip.readEntry()
          })
        })
      })
      zip.readEntry()
    })
  })
}

export interface DataWorld {
  /** the account whose data is exported or deleted */
  ana: TestUser
  /** follows Ana and is followed back; talks to her; likes and saves her pin; owns a board she follows */
  bo: TestUser
  /** follows Ana (and Bo); in a group Ana was added to late */
  cy: TestUser
  /** followed by Ana (not back); in the group from its start */
  dee: TestUser
  /** blocked by Ana */
  eve: TestUser
  ids: {
    boardA: string
    sectionA: string
    boardSecret: string
    pinA1: string
    pinA2: string
    pinSecret: string
    /** Ana's save of Bo's pin */
    saveOfBo: string
    boBoard: string
    boPin: string
    /** Bo's save of Ana's pin A1 */
    boSaveOfA1: string
    pair: string
    group: string
    /** sent in the group before Ana joined: not hers to see */
    beforeAnaJoined: string
  }
}

/** Ana and the people around her, with something of every kind the export holds. */
export async function buildDataWorld(t: TestApp, tag: string): Promise<DataWorld> {
  const ana = await signUp(t, `ana_${tag}`)
  const bo = await signUp(t, `bo_${tag}`)
  const cy = await signUp(t, `cy_${tag}`)
  const dee = await signUp(t, `dee_${tag}`)
  const eve = await signUp(t, `eve_${tag}`)
  const call = (u: TestUser, method: InjectOptions['method'], url: string, payload?: unknown) =>
    json(u, { method, url, payload: payload as InjectOptions['payload'] }, `${method} ${url}`)

  await call(ana, 'PATCH', '/v5/user_account', { about: 'Tents, trails and tea' })
  await call(ana, 'PUT', '/v5/user_account/avatar', base64Source(await png(60, 60, '#aa3300')))
  const boardA = (await call(ana, 'POST', '/v5/boards', { name: 'Camping', privacy: 'PUBLIC' })).id
  const sectionA = (await call(ana, 'POST', `/v5/boards/${boardA}/sections`, { name: 'Tents' })).id
  const boardSecret = (await call(ana, 'POST', '/v5/boards', { name: 'Plans', privacy: 'SECRET' }))
    .id
  const pin = async (u: TestUser, board: string, title: string, color: string, extra = {}) =>
    (
      await call(u, 'POST', '/v5/pins', {
        board_id: board,
        title,
        description: `about ${title}`,
        link: 'https://example.com/' + title.replace(/\W/g, ''),
        media_source: base64Source(await png(80, 50, color)),
        ...extra,
      })
    ).id as string
  const pinA1 = await pin(ana, boardA, 'Green tent', '#117733', { board_section_id: sectionA })
  const pinA2 = await pin(ana, boardA, 'Camp stove', '#884400')
  const pinSecret = await pin(ana, boardSecret, 'Surprise trip', '#222288')
  const boBoard = (await call(bo, 'POST', '/v5/boards', { name: 'Bo things', privacy: 'PUBLIC' }))
    .id
  const boPin = await pin(bo, boBoard, 'Lantern', '#ddcc00')

  for (const [a, b] of [
    [bo, ana],
    [ana, bo],
    [cy, ana],
    [ana, cy],
    [cy, bo],
    [bo, cy],
    [ana, dee],
    [bo, dee],
    [dee, bo],
  ] as const) {
    await call(a, 'POST', `/v5/user_account/following/${b.username}`)
  }
  await call(ana, 'POST', `/v5/boards/${boBoard}/follow`)
  await call(ana, 'POST', `/v5/users/${eve.username}/block`)
  await call(ana, 'POST', `/v5/pins/${boPin}/like`)
  await call(bo, 'POST', `/v5/pins/${pinA1}/like`)
  const saveOfBo = (await call(ana, 'POST', `/v5/pins/${boPin}/save`, { board_id: boardA })).id
  const boSaveOfA1 = (await call(bo, 'POST', `/v5/pins/${pinA1}/save`, { board_id: boBoard })).id

  const send = (u: TestUser, conversation: string, text: string, attachment?: unknown) =>
    call(u, 'POST', `/v5/conversations/${conversation}/messages`, {
      client_message_id: `${u.username}-${text}`,
      text,
      ...(attachment ? { attachment } : {}),
    })
  const pair = (await call(ana, 'POST', '/v5/conversations', { participants: [bo.username] })).id
  await send(ana, pair, 'hello Bo', { type: 'pin', id: pinA1 })
  await send(bo, pair, 'hi Ana')
  const group = (
    await call(bo, 'POST', '/v5/conversations', {
      participants: [cy.username, dee.username],
      title: 'Trip',
    })
  ).id
  const before = await send(bo, group, 'before ana')
  await call(bo, 'POST', `/v5/conversations/${group}/participants`, { usernames: [ana.username] })
  await send(ana, group, 'ana here')
  await send(cy, group, 'welcome')
  return {
    ana,
    bo,
    cy,
    dee,
    eve,
    ids: {
      boardA,
      sectionA,
      boardSecret,
      pinA1,
      pinA2,
      pinSecret,
      saveOfBo,
      boBoard,
      boPin,
      boSaveOfA1,
      pair,
      group,
      beforeAnaJoined: before.id,
    },
  }
}
