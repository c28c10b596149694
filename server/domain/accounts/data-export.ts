import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from 'pino'
import yazl from 'yazl'
import type { DataExportJson } from '../../../protocol/schemas/data'
import { nowIso } from '../../db/database'
import { forNoKeyUpdate } from '../../db/dialect'
import type { DataExportTable } from '../../db/schema-moderation'
import { ConflictError, NotFoundError, RateLimitedError } from '../../errors'
import type { Jobs } from '../../jobs/runner'
import { escapeHtml } from '../../mail/html'
import type { Mail } from '../../mail/message'
import type { Mailer } from '../../mail/mailer'
import type { MediaService } from '../media/service'
import { visibleToMember } from '../messaging/message-repository'
import type { Unit, Units } from '../unit'

declare module '../../jobs/types' {
  interface JobPayloads {
    /** builds one export's ZIP, then mails and notifies its owner */
    'accounts.data_export': { export_id: number }
    /** an export's 7 days are over: its file goes */
    'accounts.data_export_expire': { export_id: number }
  }
}

const DAY = 24 * 60 * 60_000
/** How long a ready export can be downloaded. */
export const EXPORT_TTL_MS = 7 * DAY
/** Exports one account may ask for in 24 hours. */
export const EXPORTS_PER_DAY = 3

/** What a notice of a ready export says (services.notices, kind export_ready). */
export interface ExportNotices {
  create(
    userId: number,
    notice: { kind: 'export_ready'; export_id: string; expires_at: string },
    within?: Unit,
  ): Promise<void>
}

type ExportRow = Pick<
  DataExportTable,
  'status' | 'file_key' | 'size_bytes' | 'created_at' | 'ready_at' | 'expires_at'
> & { id: number; user_id: number }

const FILE_KEY_RE = /^[0-9a-f]{32}\.zip$/

const README = `This is everything your Corkboard account holds, as it was when this file was made.

account.json      your profile and settings
boards.json       your boards, each with its sections
pins.json         your pins (and saves); each names its picture under images/
images/           the pictures of your pins and your profile, the largest size kept
following.json    the people and boards you follow
followers.json    the people who follow you
blocks.json       the people you blocked
conversations/    one file per conversation you are or were in, with the messages you could see

Times are UTC (ISO 8601); ids are the ones the Corkboard API uses.
`

/**
 * Your data: a ZIP of everything an account holds (profile, boards with sections, pins with
 * their pictures, follows, blocks, the conversations' messages the person could see), built by
 * a job, written under a temporary name then renamed, offered for 7 days (a job at its expiry
 * deletes the file; a sweep at start catches what a stopped server missed), its owner told by
 * mail and by a notice once it is ready.
 */
export function createDataExports(deps: {
  units: Units
  jobs: Pick<Jobs, 'enqueue' | 'register'>
  mailer: Pick<Mailer, 'enqueueMail'>
  media: Pick<MediaService, 'filePath'>
  /** the notices service (kind export_ready), when there is one */
  notices: () => ExportNotices | null
  exportsDir: string
  publicUrl: string
  log: Logger
}) {
  const { units, jobs, mailer, exportsDir, log } = deps
  const { db } = units
  const base = deps.publicUrl.replace(/\/$/, '')

  const filePath = (key: string) => join(exportsDir, key)

  function toJson(row: ExportRow, now = Date.now()): DataExportJson {
    const expired =
      row.status === 'expired' ||
      (row.status === 'ready' && row.expires_at !== null && Date.parse(row.expires_at) <= now)
    const status = expired ? 'expired' : row.status
    return {
      id: String(row.id),
      status,
      created_at: row.created_at,
      ready_at: row.ready_at,
      expires_at: row.expires_at,
      size_bytes: row.size_bytes === null ? null : Number(row.size_bytes),
      download_url:
        status === 'ready' ? `${base}/v5/user_account/exports/${row.id}/download` : null,
    }
  }

  const exportColumns = [
    'id',
    'user_id',
    'status',
    'file_key',
    'size_bytes',
    'created_at',
    'ready_at',
    'expires_at',
  ] as const

  async function ownExport(userId: number, exportId: string): Promise<ExportRow> {
    const id = Number(exportId)
    const row = Number.isSafeInteger(id)
      ? await db
          .selectFrom('data_exports')
          .select(exportColumns)
          .where('id', '=', id)
          .where('user_id', '=', userId)
          .executeTakeFirst()
      : undefined
    if (!row) throw new NotFoundError('Export')
    return { ...row, id: Number(row.id), user_id: Number(row.user_id) }
  }

  /** Deletes an export's file, if it has one (a missing file is no error). */
  async function removeFile(key: string | null) {
    if (!key || !FILE_KEY_RE.test(key)) return
    await rm(filePath(key), { force: true })
  }

  // ---- building the ZIP ---------------------------------------------------------------------

  async function collect(userId: number) {
    const user = await db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', userId)
      .executeTakeFirstOrThrow()
    const boards = await db
      .selectFrom('boards')
      .selectAll()
      .where('owner_id', '=', userId)
      .orderBy('id')
      .execute()
    const sections = boards.length
      ? await db
          .selectFrom('board_sections')
          .selectAll()
          .where(
            'board_id',
            'in',
            boards.map((b) => b.id),
          )
          .orderBy('id')
          .execute()
      : []
    const pins = await db
      .selectFrom('pins')
      .selectAll()
      .where('owner_id', '=', userId)
      .orderBy('id')
      .execute()
    const following = await db
      .selectFrom('follows as f')
      .innerJoin('users as u', 'u.id', 'f.followee_id')
      .select(['u.username', 'f.created_at'])
      .where('f.follower_id', '=', userId)
      .where('u.deleted_at', 'is', null)
      .orderBy('f.created_at')
      .orderBy('u.username')
      .execute()
    const followingBoards = await db
      .selectFrom('board_follows as bf')
      .innerJoin('boards as b', 'b.id', 'bf.board_id')
      .innerJoin('users as u', 'u.id', 'b.owner_id')
      .select(['b.id', 'b.name', 'u.username as owner', 'bf.created_at'])
      .where('bf.user_id', '=', userId)
      .orderBy('bf.created_at')
      .orderBy('b.id')
      .execute()
    const followers = await db
      .selectFrom('follows as f')
      .innerJoin('users as u', 'u.id', 'f.follower_id')
      .select(['u.username', 'f.created_at'])
      .where('f.followee_id', '=', userId)
      .where('u.deleted_at', 'is', null)
      .orderBy('f.created_at')
      .orderBy('u.username')
      .execute()
    const blocks = await db
      .selectFrom('blocks as bl')
      .innerJoin('users as u', 'u.id', 'bl.blocked_id')
      .select(['u.username', 'bl.created_at'])
      .where('bl.blocker_id', '=', userId)
      .where('u.deleted_at', 'is', null)
      .orderBy('bl.created_at')
      .orderBy('u.username')
      .execute()
    const conversations = await db
      .selectFrom('conversation_members as cm')
      .innerJoin('conversations as c', 'c.id', 'cm.conversation_id')
      .select(['c.id', 'c.is_group', 'c.title', 'c.created_at', 'cm.joined_at', 'cm.left_seq'])
      .where('cm.user_id', '=', userId)
      .orderBy('c.id')
      .execute()
    const conversationIds = conversations.map((c) => c.id)
    const members = conversationIds.length
      ? await db
          .selectFrom('conversation_members as cm')
          .innerJoin('users as u', 'u.id', 'cm.user_id')
          .select(['cm.conversation_id', 'u.username', 'u.deleted_at', 'cm.left_seq'])
          .where('cm.conversation_id', 'in', conversationIds)
          .orderBy('cm.conversation_id')
          .orderBy('u.username')
          .execute()
      : []
    const messages = conversationIds.length
      ? await db
          .selectFrom('messages as msg')
          .innerJoin('conversation_members as cm', (j) =>
            j.onRef('cm.conversation_id', '=', 'msg.conversation_id').on('cm.user_id', '=', userId),
          )
          .innerJoin('conversations as c', 'c.id', 'msg.conversation_id')
          .innerJoin('users as su', 'su.id', 'msg.sender_id')
          .select([
            'msg.id',
            'msg.conversation_id',
            'msg.seq',
            'su.username as sender',
            'su.deleted_at as sender_deleted_at',
            'msg.created_at',
            'msg.text',
            'msg.attachment_type',
            'msg.attachment_id',
          ])
          .where(visibleToMember)
          .orderBy('msg.conversation_id')
          .orderBy('msg.seq')
          .execute()
      : []
    return {
      user,
      boards,
      sections,
      pins,
      following,
      followingBoards,
      followers,
      blocks,
      conversations,
      members,
      messages,
    }
  }

  /** The ZIP's entries: its JSON files by name, and the pictures (media keys) it carries. */
  function entries(data: Awaited<ReturnType<typeof collect>>) {
    const { user } = data
    const image = (key: string | null) => (key ? `images/${key}.jpg` : null)
    const files = new Map<string, unknown>()
    files.set('account.json', {
      username: user.username,
      email: user.email,
      account_type: user.account_type,
      business_name: user.business_name,
      about: user.about,
      website_url: user.website_url,
      profile_image: image(user.profile_image_key),
      created_at: user.created_at,
      settings: {
        message_policy: user.message_policy,
        unread_digest_email: Number(user.unread_digest_email) === 1,
      },
    })
    files.set(
      'boards.json',
      data.boards.map((b) => ({
        id: String(b.id),
        name: b.name,
        description: b.description,
        privacy: b.privacy,
        created_at: b.created_at,
        sections: data.sections
          .filter((s) => Number(s.board_id) === Number(b.id))
          .map((s) => ({ id: String(s.id), name: s.name, created_at: s.created_at })),
      })),
    )
    files.set(
      'pins.json',
      data.pins.map((p) => ({
        id: String(p.id),
        board_id: String(p.board_id),
        board_section_id: p.board_section_id === null ? null : String(p.board_section_id),
        title: p.title,
        description: p.description,
        link: p.link,
        alt_text: p.alt_text,
        image: image(p.media_key),
        saved_from_pin_id: p.parent_pin_id === null ? null : String(p.parent_pin_id),
        created_at: p.created_at,
      })),
    )
    files.set('following.json', {
      people: data.following,
      boards: data.followingBoards.map((b) => ({
        id: String(b.id),
        name: b.name,
        owner: b.owner,
        created_at: b.created_at,
      })),
    })
    files.set('followers.json', data.followers)
    files.set('blocks.json', data.blocks)
    for (const c of data.conversations) {
      const id = Number(c.id)
      files.set(`conversations/${id}.json`, {
        id: String(id),
        is_group: Number(c.is_group) === 1,
        title: c.title,
        created_at: c.created_at,
        joined_at: c.joined_at,
        left: c.left_seq !== null,
        members: data.members
          .filter((m) => Number(m.conversation_id) === id)
          .map((m) => ({
            username: m.deleted_at ? 'Deleted account' : m.username,
            left: m.left_seq !== null,
          })),
        messages: data.messages
          .filter((m) => Number(m.conversation_id) === id)
          .map((m) => ({
            id: String(m.id),
            seq: Number(m.seq),
            sender: m.sender_deleted_at ? 'Deleted account' : m.sender,
            created_at: m.created_at,
            text: m.text,
            attachment:
              m.attachment_type === null || m.attachment_id === null
                ? null
                : { type: m.attachment_type, id: String(m.attachment_id) },
          })),
      })
    }
    const images = new Set<string>()
    if (user.profile_image_key) images.add(user.profile_image_key)
    for (const p of data.pins) images.add(p.media_key)
    return { files, images: [...images].sort() }
  }

  /** Writes the ZIP under a temporary name, then renames it: a reader never sees half of one. */
  async function writeZip(userId: number): Promise<{ key: string; size: number }> {
    const { files, images } = entries(await collect(userId))
    await mkdir(exportsDir, { recursive: true })
    const key = `${randomBytes(16).toString('hex')}.zip`
    const tmp = join(exportsDir, `.${key}.tmp`)
    const zip = new yazl.ZipFile()
    const mtime = new Date()
    zip.addBuffer(Buffer.from(README), 'README.txt', { mtime })
    for (const [name, value] of files) {
      zip.addBuffer(Buffer.from(JSON.stringify(value, null, 2) + '\n'), name, { mtime })
    }
    for (const mediaKey of images) {
      const path = deps.media.filePath(mediaKey, '1200x')
      const info = await stat(path).catch(() => null)
      if (info?.isFile()) zip.addFile(path, `images/${mediaKey}.jpg`, { mtime, compress: false })
      else log.warn({ mediaKey }, 'data export: a picture is missing on disk')
    }
    try {
      await new Promise<void>((resolve, reject) => {
        const out = createWriteStream(tmp)
        out.on('close', () => resolve())
        out.on('error', reject)
        zip.outputStream.on('error', reject)
        zip.outputStream.pipe(out)
        zip.end()
      })
      await rename(tmp, filePath(key))
    } catch (err) {
      await rm(tmp, { force: true })
      throw err
    }
    return { key, size: (await stat(filePath(key))).size }
  }

  function readyMail(to: string, username: string, link: string, expiresAt: string): Mail {
    const until = new Date(expiresAt).toUTCString()
    const lines = [
      `The copy of your Corkboard data (@${username}) that you asked for is ready.`,
      `Download it from Settings → Your data until ${until}; after that it is deleted.`,
    ]
    return {
      to,
      subject: 'Your Corkboard data is ready to download',
      text: [...lines, '', link].join('\n'),
      html: `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#211922;max-width:520px;margin:auto">
${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}
<p><a href="${escapeHtml(link)}">Open Settings → Your data</a></p>
</body></html>`,
    }
  }

  jobs.register(
    'accounts.data_export',
    async ({ export_id }) => {
      const row = await db
        .selectFrom('data_exports')
        .select(['id', 'user_id', 'status'])
        .where('id', '=', export_id)
        .executeTakeFirst()
      if (!row || row.status !== 'pending') return
      const userId = Number(row.user_id)
      const built = await writeZip(userId)
      const kept = await units.run(async (unit) => {
        const { trx } = unit
        const user = await trx
          .selectFrom('users')
          .select(['username', 'email', 'deleted_at'])
          .where('id', '=', userId)
          .$call(forNoKeyUpdate(trx))
          .executeTakeFirst()
        if (!user || user.deleted_at) return false
        const now = Date.now()
        const readyAt = new Date(now).toISOString()
        const expiresAt = new Date(now + EXPORT_TTL_MS).toISOString()
        const set = await trx
          .updateTable('data_exports')
          .set({
            status: 'ready',
            file_key: built.key,
            size_bytes: built.size,
            ready_at: readyAt,
            expires_at: expiresAt,
          })
          .where('id', '=', export_id)
          .where('status', '=', 'pending')
          .executeTakeFirst()
        if (Number(set.numUpdatedRows) === 0) return false
        await jobs.enqueue(
          unit,
          'accounts.data_export_expire',
          { export_id },
          { runAt: new Date(now + EXPORT_TTL_MS) },
        )
        await mailer.enqueueMail(
          unit,
          readyMail(user.email, user.username, `${base}/settings/data`, expiresAt),
        )
        await deps
          .notices()
          ?.create(
            userId,
            { kind: 'export_ready', export_id: String(export_id), expires_at: expiresAt },
            unit,
          )
        return true
      })
      // built twice (a retried job) or for an account deleted meanwhile: this copy goes
      if (!kept) await removeFile(built.key)
    },
    {
      maxAttempts: 3,
      onGiveUp: async ({ export_id }) => {
        await db
          .updateTable('data_exports')
          .set({ status: 'failed' })
          .where('id', '=', export_id)
          .where('status', '=', 'pending')
          .execute()
      },
    },
  )

  jobs.register('accounts.data_export_expire', async ({ export_id }) => {
    const row = await db
      .selectFrom('data_exports')
      .select(['file_key', 'expires_at'])
      .where('id', '=', export_id)
      .executeTakeFirst()
    if (!row || !row.expires_at || Date.parse(row.expires_at) > Date.now()) return
    await db
      .updateTable('data_exports')
      .set({ status: 'expired', file_key: null })
      .where('id', '=', export_id)
      .execute()
    await removeFile(row.file_key)
  })

  return {
    /** Asks for an export: 409 while one is being built, 429 past EXPORTS_PER_DAY a day. */
    async requestExport(userId: number) {
      return units.run(async (unit) => {
        const { trx } = unit
        // the account's row held: two requests at once are counted one after the other
        await trx
          .selectFrom('users')
          .select('id')
          .where('id', '=', userId)
          .$call(forNoKeyUpdate(trx))
          .executeTakeFirst()
        const now = Date.now()
        const recent = await trx
          .selectFrom('data_exports')
          .select(['status', 'created_at'])
          .where('user_id', '=', userId)
          .where('created_at', '>', new Date(now - DAY).toISOString())
          .orderBy('created_at')
          .execute()
        if (recent.some((r) => r.status === 'pending')) {
          throw new ConflictError(
            'An export of your data is being made already; you will be told when it is ready.',
            'export_in_progress',
          )
        }
        if (recent.length >= EXPORTS_PER_DAY) {
          const wait = Math.max(
            1,
            Math.ceil((Date.parse(recent[0]!.created_at) + DAY - now) / 1000),
          )
          throw new RateLimitedError(
            wait,
            'rate_limited',
            `At most ${EXPORTS_PER_DAY} exports a day`,
          )
        }
        const createdAt = new Date(now).toISOString()
        const row = await trx
          .insertInto('data_exports')
          .values({
            user_id: userId,
            status: 'pending',
            file_key: null,
            size_bytes: null,
            created_at: createdAt,
            ready_at: null,
            expires_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        await jobs.enqueue(unit, 'accounts.data_export', { export_id: Number(row.id) })
        return { id: String(row.id), status: 'pending' as const, created_at: createdAt }
      })
    },

    /** The account's exports, newest first (expired ones included, so the page can say so). */
    async listExports(userId: number): Promise<DataExportJson[]> {
      const rows = await db
        .selectFrom('data_exports')
        .select(exportColumns)
        .where('user_id', '=', userId)
        .orderBy('id', 'desc')
        .limit(20)
        .execute()
      const now = Date.now()
      return rows.map((r) => toJson({ ...r, id: Number(r.id), user_id: Number(r.user_id) }, now))
    },

    async getExport(userId: number, exportId: string): Promise<DataExportJson> {
      return toJson(await ownExport(userId, exportId))
    },

    /** The ZIP's path and name for its owner while it is ready; 404 otherwise (also once expired). */
    async exportFile(userId: number, exportId: string) {
      const row = await ownExport(userId, exportId)
      const json = toJson(row)
      if (json.status !== 'ready' || !row.file_key || !FILE_KEY_RE.test(row.file_key)) {
        throw new NotFoundError('Export')
      }
      const path = filePath(row.file_key)
      const info = await stat(path).catch(() => null)
      if (!info?.isFile()) throw new NotFoundError('Export')
      const day = row.created_at.slice(0, 10)
      return { path, size: info.size, filename: `corkboard-data-${day}-${row.id}.zip` }
    },

    /** Deletes every export of an account, in its unit (the files once it has committed). */
    async removeAll(unit: Unit, userId: number) {
      const gone = await unit.trx
        .deleteFrom('data_exports')
        .where('user_id', '=', userId)
        .returning('file_key')
        .execute()
      unit.afterCommit(async () => {
        for (const { file_key } of gone) {
          await removeFile(file_key).catch((err: unknown) =>
            log.warn({ err }, 'data export file not deleted'),
          )
        }
      })
    },

    /**
     * At start: exports whose days are over lose their file, and files no ready export names
     * (a build cut short, a deletion's file left behind) go.
     */
    async sweep() {
      const now = nowIso()
      const expired = await db
        .selectFrom('data_exports')
        .select(['id', 'file_key'])
        .where('status', '=', 'ready')
        .where('expires_at', '<=', now)
        .execute()
      for (const row of expired) {
        await db
          .updateTable('data_exports')
          .set({ status: 'expired', file_key: null })
          .where('id', '=', row.id)
          .execute()
        await removeFile(row.file_key)
      }
      const names = await readdir(exportsDir).catch(() => [] as string[])
      if (names.length === 0) return
      const known = new Set(
        (
          await db
            .selectFrom('data_exports')
            .select('file_key')
            .where('file_key', 'is not', null)
            .execute()
        ).map((r) => r.file_key),
      )
      for (const name of names) {
        if (!FILE_KEY_RE.test(name) || known.has(name)) continue
        // a build running now on another instance may not have committed yet: an hour's grace
        const info = await stat(filePath(name)).catch(() => null)
        if (info && info.mtimeMs < Date.now() - 60 * 60_000) await removeFile(name)
      }
    },
  }
}

export type DataExports = ReturnType<typeof createDataExports>
