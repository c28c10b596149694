import type { Selectable } from 'kysely'
import type { Logger } from 'pino'
import { nowIso, type Db } from '../db/database'
import type { OutboxMailTable } from '../db/schema'
import type { MailAttachment } from './message'
import type { MailTransport } from './transport'

/** How many mails the outbox keeps; older ones are dropped as new ones arrive. */
const KEEP = 1000

export interface OutboxMail {
  id: number
  to: string
  subject: string
  text: string
  html: string | null
  headers: Record<string, string>
  attachments: MailAttachment[]
  created_at: string
}

export interface Outbox extends MailTransport {
  /** newest first */
  list(limit: number): Promise<OutboxMail[]>
  get(id: number): Promise<OutboxMail | null>
}

/**
 * The embedded mail transport (no SMTP_URL): mail is stored in `outbox_mail` and logged, to be
 * read at /dev/mailbox from the machine itself. Nothing leaves the server.
 */
export function createOutbox(db: Db, log: Logger): Outbox {
  const parse = (row: Selectable<OutboxMailTable>): OutboxMail => ({
    ...row,
    id: Number(row.id),
    headers: JSON.parse(row.headers) as Record<string, string>,
    attachments: JSON.parse(row.attachments) as MailAttachment[],
  })

  return {
    kind: 'outbox',
    async send(mail) {
      const row = await db
        .insertInto('outbox_mail')
        .values({
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html ?? null,
          headers: JSON.stringify(mail.headers ?? {}),
          attachments: JSON.stringify(mail.attachments ?? []),
          created_at: nowIso(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const id = Number(row.id)
      if (id > KEEP)
        await db
          .deleteFrom('outbox_mail')
          .where('id', '<=', id - KEEP)
          .execute()
      log.info(
        { mail: { id, to: mail.to, subject: mail.subject } },
        'mail kept in the outbox (no SMTP_URL): read it at /dev/mailbox on this machine',
      )
    },
    async close() {},
    async list(limit) {
      const rows = await db
        .selectFrom('outbox_mail')
        .selectAll()
        .orderBy('id', 'desc')
        .limit(limit)
        .execute()
      return rows.map(parse)
    },
    async get(id) {
      const row = await db
        .selectFrom('outbox_mail')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst()
      return row ? parse(row) : null
    },
  }
}
