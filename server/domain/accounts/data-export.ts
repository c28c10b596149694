import { readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from 'pino'
import type { DataExportJson } from '../../../protocol/schemas/data'
import { nowIso } from '../../db/database'
import { forNoKeyUpdate } from '../../db/dialect'
import { ConflictError, NotFoundError, RateLimitedError } from '../../errors'
import type { Jobs } from '../../jobs/runner'
import type { Mailer } from '../../mail/mailer'
import type { MediaService } from '../media/service'
import type { Notices } from '../moderation/notices'
import { parseId } from '../pagination'
import type { Unit, Units } from '../unit'
import {
  exportColumns,
  exportJson,
  exportReadyMail,
  FILE_KEY_RE,
  type ExportRow,
} from './data-export-format'
import { writeExportZip } from './data-export-zip'

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
  /** tells the owner a ZIP is ready (kind export_ready) */
  notices: Pick<Notices, 'create'>
  exportsDir: string
  publicUrl: string
  log: Logger
}) {
  const { units, jobs, mailer, exportsDir, log } = deps
  const { db } = units
  const base = deps.publicUrl.replace(/\/$/, '')

  const filePath = (key: string) => join(exportsDir, key)

  async function ownExport(userId: number, exportId: string): Promise<ExportRow> {
    const id = parseId(exportId)
    const row =
      id !== null
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

  /** An export whose 7 days are over: marked expired, its file deleted. */
  async function expire(exportId: number, fileKey: string | null) {
    await db
      .updateTable('data_exports')
      .set({ status: 'expired', file_key: null })
      .where('id', '=', exportId)
      .execute()
    await removeFile(fileKey)
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
      const built = await writeExportZip({ db, media: deps.media, exportsDir, log }, userId)
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
          exportReadyMail(user.email, user.username, `${base}/settings/data`, expiresAt),
        )
        await deps.notices.create(
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
    await expire(export_id, row.file_key)
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
      return rows.map((r) =>
        exportJson({ ...r, id: Number(r.id), user_id: Number(r.user_id) }, base, now),
      )
    },

    async getExport(userId: number, exportId: string): Promise<DataExportJson> {
      return exportJson(await ownExport(userId, exportId), base)
    },

    /** The ZIP's path and name for its owner while it is ready; 404 otherwise (also once expired). */
    async exportFile(userId: number, exportId: string) {
      const row = await ownExport(userId, exportId)
      const json = exportJson(row, base)
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
      for (const row of expired) await expire(Number(row.id), row.file_key)
      const names = await readdir(exportsDir).catch(() => [] as string[])
      if (names.length === 0) return
      const rows = await db.selectFrom('data_exports').select('file_key').execute()
      const known = new Set(rows.map((r) => r.file_key))
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
