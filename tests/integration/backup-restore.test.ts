import { spawn } from 'node:child_process'
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pipeline } from 'node:stream/promises'
import sharp from 'sharp'
import yauzl from 'yauzl'
import yazl from 'yazl'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeArgs } from '../support/bundled'
import { DIALECTS } from '../support/dialects'
import { startOneInstance, type OneInstance } from '../support/one-instance'
import { freePort } from '../support/ports'
import { api, pairOver, ServerProcess, sleep, type JsonBody } from '../support/server-process'
import { freshUsername, signUp, type ApiUser } from '../support/users'

/**
 * Issue 15, done-when 3: `npm run backup` copies a running instance that is being written to;
 * `npm run restore` brings it back into a new folder; a server started there has every pin,
 * image and message acknowledged before the backup began, and every pin it has shows its
 * images (the snapshot never names an image the archive lacks).
 */

const ROOT = resolve(import.meta.dirname, '../..')

/** Runs scripts/<name>.ts (its bundle) as `npm run <name>` would, with only the environment given. */
function runScript(name: 'backup' | 'restore', args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; out: string }>((done) => {
    const child = spawn(process.execPath, [...nodeArgs(`scripts/${name}.ts`), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.stderr.on('data', (c: Buffer) => (out += c.toString()))
    child.on('exit', (code) => done({ code: code ?? -1, out }))
  })
}

let colors = 0
/** A small PNG of a colour no other pin of the run has. */
async function image(): Promise<string> {
  const n = ++colors
  const png = await sharp({
    create: {
      width: 48,
      height: 40,
      channels: 3,
      background: { r: (n * 37) % 256, g: (n * 91) % 256, b: (n * 53) % 256 },
    },
  })
    .png()
    .toBuffer()
  return png.toString('base64')
}

interface Acked {
  id: string
  at: number
}

const ok = (what: string, res: { status: number; body: JsonBody }) => {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

async function makePin(url: string, user: ApiUser, board: string, n: number) {
  const body = ok(
    'pin',
    await api(url, 'POST', '/v5/pins', {
      token: user.token,
      body: {
        board_id: board,
        title: `pin ${n}`,
        media_source: {
          source_type: 'image_base64',
          content_type: 'image/png',
          data: await image(),
        },
      },
      timeoutMs: 20_000,
    }),
  )
  return body.id as string
}

async function sendMessage(url: string, user: ApiUser, conversation: string, n: number) {
  const body = ok(
    'message',
    await api(url, 'POST', `/v5/conversations/${conversation}/messages`, {
      token: user.token,
      body: { client_message_id: `backup-${n}-${Math.random()}`, text: `message ${n}` },
    }),
  )
  return body.id as string
}

const imageUrls = (pin: JsonBody) =>
  Object.values((pin.media as { images: Record<string, { url: string }> }).images).map((i) => i.url)

async function bytesOf(url: string, token: string) {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) }
}

async function messageIds(url: string, user: ApiUser, conversation: string) {
  const ids = new Set<string>()
  let bookmark: string | null = null
  do {
    const q: string = bookmark ? `&bookmark=${encodeURIComponent(bookmark)}` : ''
    const page = ok(
      'messages',
      await api(url, 'GET', `/v5/conversations/${conversation}/messages?page_size=100${q}`, {
        token: user.token,
      }),
    )
    for (const m of page.items as { id: string }[]) ids.add(m.id)
    bookmark = (page.bookmark as string | null) ?? null
  } while (bookmark)
  return ids
}

describe('backup and restore of a running instance [sqlite]', () => {
  let instance: OneInstance
  let restored: ServerProcess | undefined
  const dirs: string[] = []
  const tempDir = (name: string) => {
    const dir = mkdtempSync(join(tmpdir(), `corkboard-${name}-`))
    dirs.push(dir)
    return dir
  }

  beforeAll(async () => {
    instance = await startOneInstance('sqlite', 'backup')
  })

  afterAll(async () => {
    await restored?.kill()
    await instance?.stop()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it('restores every pin, image and message acknowledged before the backup began', async () => {
    const { server, storage } = instance
    // the test servers take SESSION_SECRET from the environment; an instance's own file is
    // what the backup carries, so one is put here to see it come back
    writeFileSync(join(storage.dir, 'session-secret'), 'the-instance-secret\n', { mode: 0o600 })
    const { ana, bo, conversation } = await pairOver(server.url)
    const boards = new Map<ApiUser, string>()
    for (const user of [ana, bo]) {
      const b = ok(
        'board',
        await api(server.url, 'POST', '/v5/boards', {
          token: user.token,
          body: { name: `board of ${user.username}` },
        }),
      )
      boards.set(user, b.id as string)
    }

    const pins: Acked[] = []
    const messages: Acked[] = []
    let n = 0
    let writing = true
    const writer = async (user: ApiUser) => {
      while (writing) {
        const i = ++n
        pins.push({ id: await makePin(server.url, user, boards.get(user)!, i), at: Date.now() })
        messages.push({ id: await sendMessage(server.url, user, conversation, i), at: Date.now() })
      }
    }
    // people who post a pin and delete their account at once: the deletion removes the
    // images from disk after its commit, maybe while the backup runs
    const leavers: Acked[] = []
    const leaver = async () => {
      while (writing) {
        const who = await signUp(server.url, freshUsername('leaver'))
        const board = ok(
          'board',
          await api(server.url, 'POST', '/v5/boards', { token: who.token, body: { name: 'l' } }),
        ).id as string
        leavers.push({ id: await makePin(server.url, who, board, ++n), at: Date.now() })
        ok(
          'delete account',
          await api(server.url, 'DELETE', '/v5/user_account', {
            token: who.token,
            body: { password: 'correct horse battery' },
          }),
        )
      }
    }
    const writers = Promise.all([writer(ana), writer(bo), leaver()])
    while (pins.length < 8) await sleep(20)

    const began = Date.now()
    const file = join(tempDir('backup-out'), 'corkboard-backup.zip')
    const backup = await runScript('backup', [file], { DATA_DIR: storage.dir })
    const ended = Date.now()
    // a little more, so that writes go on after the copy too
    await sleep(200)
    writing = false
    await writers
    expect(backup.code, backup.out).toBe(0)
    expect(backup.out).toMatch(/Backed up \d+ pins/)
    const during = [...pins, ...messages].filter((p) => p.at > began && p.at < ended).length
    expect(during, 'pins and messages written while the backup ran').toBeGreaterThan(0)

    // into the running instance: refused, its lock tells
    const busy = await runScript('restore', [file, '--data-dir', storage.dir, '--force'], {})
    expect(busy.code, busy.out).toBe(2)
    expect(busy.out).toMatch(/server is running/)

    const target = tempDir('restored')
    const restore = await runScript('restore', [file, '--data-dir', target], {})
    expect(restore.code, restore.out).toBe(0)
    expect(readFileSync(join(target, 'session-secret'), 'utf8')).toBe('the-instance-secret\n')
    // once there, not again without --force
    const again = await runScript('restore', [file, '--data-dir', target], {})
    expect(again.code, again.out).toBe(2)
    expect(again.out).toMatch(/not empty/)

    restored = new ServerProcess(await freePort(), { DATA_DIR: target, MESSAGE_RATE_LIMITS: 'off' })
    await restored.start()

    const before = pins.filter((p) => p.at <= began)
    expect(before.length).toBeGreaterThanOrEqual(8)
    let found = 0
    for (const pin of [...pins, ...leavers]) {
      const res = await api(restored.url, 'GET', `/v5/pins/${pin.id}`, { token: ana.token })
      // (a leaver's pin went with the account, maybe before the backup began)
      if (pin.at <= began && !leavers.includes(pin))
        expect(res.status, `pin ${pin.id} acknowledged before`).toBe(200)
      if (res.status !== 200) continue
      found++
      // every pin there shows its images, byte for byte those of the original instance
      for (const url of imageUrls(res.body)) {
        const copy = await bytesOf(url, ana.token)
        expect(copy.status, url).toBe(200)
        const original = await bytesOf(server.url + new URL(url).pathname, ana.token)
        // a leaver's pictures may be gone from the original since (the account deleted after
        // the backup's snapshot): the copy still has them, there is nothing left to compare
        if (original.status === 404 && leavers.includes(pin)) continue
        expect(copy.bytes.equals(original.bytes), url).toBe(true)
      }
    }
    expect(found).toBeGreaterThanOrEqual(before.length)
    expect(leavers.length).toBeGreaterThan(0)

    const restoredMessages = await messageIds(restored.url, bo, conversation)
    for (const m of messages.filter((x) => x.at <= began)) {
      expect(restoredMessages.has(m.id), `message ${m.id}`).toBe(true)
    }
    // the people, their tokens and conversations came back too
    const inbox = ok(
      'inbox',
      await api(restored.url, 'GET', '/v5/conversations', { token: bo.token }),
    )
    expect((inbox.items as { id: string }[]).map((c) => c.id)).toContain(conversation)
  }, 120_000)

  it('refuses a damaged archive and leaves the target untouched', async () => {
    const { storage } = instance
    const file = join(tempDir('backup-damaged'), 'b.zip')
    const made = await runScript('backup', [file], { DATA_DIR: storage.dir })
    expect(made.code, made.out).toBe(0)
    const damaged = file.replace(/\.zip$/, '-damaged.zip')
    copyFileSync(file, damaged)
    const bytes = readFileSync(damaged)
    const at = Math.floor(bytes.length / 2)
    bytes[at] = bytes[at]! ^ 0xff
    writeFileSync(damaged, bytes)
    const target = tempDir('restore-damaged')
    const res = await runScript('restore', [damaged, '--data-dir', target], {})
    expect(res.code, res.out).toBe(1)
    expect(res.out).toMatch(/checksum|damaged|Cannot read/)
    expect(existsSync(join(target, 'corkboard.db'))).toBe(false)
    expect(existsSync(join(target, 'media'))).toBe(false)
  }, 60_000)

  /** An archive holding only a manifest: `fields` over a valid, empty media-only one. */
  async function manifestOnly(name: string, fields: Record<string, unknown>) {
    const file = join(tempDir(`backup-${name}`), `${name}.zip`)
    const zip = new yazl.ZipFile()
    const manifest = {
      format: 'corkboard-backup',
      format_version: 1,
      app_version: '0.1.0',
      created_at: new Date().toISOString(),
      kind: 'media-only',
      migrations: ['001-core'],
      counts: { media_files: 0 },
      session_secret: 'environment',
      entries: [],
      ...fields,
    }
    zip.addBuffer(Buffer.from(JSON.stringify(manifest)), 'manifest.json')
    zip.end()
    await pipeline(zip.outputStream, createWriteStream(file))
    return file
  }

  it('refuses a backup made by a newer Corkboard', async () => {
    const file = await manifestOnly('newer', {
      app_version: '99.0.0',
      migrations: ['001-core', '999-from-the-future'],
    })
    const res = await runScript('restore', [file, '--data-dir', tempDir('restore-newer')], {})
    expect(res.code, res.out).toBe(2)
    expect(res.out).toMatch(/newer Corkboard \(99\.0\.0\).*999-from-the-future/)
  })

  it('refuses a manifest whose kind does not match its entries, touching nothing', async () => {
    for (const [name, fields, said] of [
      ['full-without-db', { kind: 'full' }, /full but names no corkboard\.db/],
      ['unknown-kind', { kind: 'partial' }, /kind partial/],
    ] as const) {
      const target = tempDir(`restore-${name}`)
      const res = await runScript(
        'restore',
        [await manifestOnly(name, fields), '--data-dir', target],
        {},
      )
      expect(res.code, res.out).toBe(1)
      expect(res.out).toMatch(said)
      expect(existsSync(join(target, 'corkboard.db'))).toBe(false)
      expect(existsSync(join(target, 'media'))).toBe(false)
    }
  })

  it('will not leave out an image the database names, unless told to', async () => {
    const { server, storage } = instance
    const { ana } = await pairOver(server.url)
    const board = ok(
      'board',
      await api(server.url, 'POST', '/v5/boards', { token: ana.token, body: { name: 'gone' } }),
    ).id as string
    const pin = ok(
      'pin',
      await api(server.url, 'GET', `/v5/pins/${await makePin(server.url, ana, board, 0)}`, {
        token: ana.token,
      }),
    )
    const key = new URL(imageUrls(pin)[0]!).pathname.split('/')[2]!
    rmSync(join(storage.dir, 'media', key), { recursive: true })
    const out = tempDir('backup-missing')
    const refused = await runScript('backup', [join(out, 'a.zip')], { DATA_DIR: storage.dir })
    expect(refused.code, refused.out).toBe(1)
    expect(refused.out).toMatch(new RegExp(`4 image files .*${key}.*--allow-missing-media`, 's'))
    expect(existsSync(join(out, 'a.zip'))).toBe(false)
    const allowed = await runScript('backup', [join(out, 'b.zip'), '--allow-missing-media'], {
      DATA_DIR: storage.dir,
    })
    expect(allowed.code, allowed.out).toBe(0)
    expect(allowed.out).toMatch(/warning: 4 image files/)
  }, 60_000)
})

describe.runIf(DIALECTS.includes('postgres'))('backup on PostgreSQL [postgres]', () => {
  let instance: OneInstance
  const dirs: string[] = []

  beforeAll(async () => {
    instance = await startOneInstance('postgres', 'backup_pg')
  })

  afterAll(async () => {
    await instance?.stop()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it('points at pg_dump for the database and copies the images with --media-only', async () => {
    const { server, storage } = instance
    const { ana } = await pairOver(server.url)
    const board = ok(
      'board',
      await api(server.url, 'POST', '/v5/boards', { token: ana.token, body: { name: 'b' } }),
    ).id as string
    const pin = ok(
      'pin',
      await api(server.url, 'GET', `/v5/pins/${await makePin(server.url, ana, board, 1)}`, {
        token: ana.token,
      }),
    )
    const key = new URL(imageUrls(pin)[0]!).pathname.split('/')[2]!
    const out = mkdtempSync(join(tmpdir(), 'corkboard-backup-pg-'))
    dirs.push(out)
    const refused = await runScript('backup', [join(out, 'full.zip')], storage.env)
    expect(refused.code, refused.out).toBe(2)
    expect(refused.out).toMatch(/pg_dump/)
    expect(existsSync(join(out, 'full.zip'))).toBe(false)

    const file = join(out, 'media.zip')
    const media = await runScript('backup', [file, '--media-only'], storage.env)
    expect(media.code, media.out).toBe(0)
    const zip = await yauzl.openPromise(file, { lazyEntries: true })
    const names: string[] = []
    for await (const entry of zip.eachEntry()) names.push(entry.fileName)
    zip.close()
    expect(names).toContain('manifest.json')
    expect(names).not.toContain('corkboard.db')
    expect(names.filter((p) => p.startsWith(`media/${key}/`))).toHaveLength(4)

    // back into a PostgreSQL instance's (new) data dir: the images only
    const target = mkdtempSync(join(tmpdir(), 'corkboard-restore-pg-'))
    dirs.push(target)
    const restore = await runScript('restore', [file], { ...storage.env, DATA_DIR: target })
    expect(restore.code, restore.out).toBe(0)
    expect(restore.out).toMatch(/no database \(media only\)/)
    for (const size of ['150x150', '400x300', '600x', '1200x']) {
      const copy = readFileSync(join(target, 'media', key, `${size}.jpg`))
      expect(copy.equals(readFileSync(join(storage.dir, 'media', key, `${size}.jpg`)))).toBe(true)
    }
    expect(existsSync(join(target, 'corkboard.db'))).toBe(false)
  }, 60_000)
})
