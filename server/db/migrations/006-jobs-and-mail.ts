import { sql, type Kysely } from 'kysely'
import type { Dialect } from '../database'
import { idColumn } from './001-core'

/**
 * Background work and mail: the jobs table the runner polls (server/jobs/), and the embedded
 * outbox that stands in for SMTP while SMTP_URL is unset (server/mail/outbox.ts).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const [idType, idDef] = idColumn(dialect)
  await db.schema
    .createTable('jobs')
    .addColumn('id', idType, idDef)
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    // a runner's claim: until then no other runner takes the job (after it, a crash is assumed)
    .addColumn('locked_until', 'text')
    .addColumn('done_at', 'text')
    .addColumn('failed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  // Due work is looked up by run_at among the jobs still open; done jobs are purged by age.
  await db.schema
    .createIndex('jobs_due')
    .on('jobs')
    .columns(['run_at', 'id'])
    .where(sql<boolean>`done_at is null and failed_at is null`)
    .execute()
  await db.schema
    .createIndex('jobs_done')
    .on('jobs')
    .column('done_at')
    .where(sql<boolean>`done_at is not null`)
    .execute()

  await db.schema
    .createTable('outbox_mail')
    .addColumn('id', idType, idDef)
    .addColumn('to', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('html', 'text')
    // JSON: {name: value}
    .addColumn('headers', 'text', (c) => c.notNull())
    // JSON: [{filename, contentType, content (base64), cid?}], so inline images show
    .addColumn('attachments', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
}
