import type { Db } from '../../db/database'
import type { Jobs } from '../../jobs/runner'
import { countPublicPinsOnly, rebuildSearchIndex } from './indexer'

declare module '../../jobs/types' {
  interface JobPayloads {
    /** index everything that exists (an upgrade whose search index was never filled) */
    'search.rebuild': Record<string, never>
    /** take the secret pins counted before migration 009 out of the statistics */
    'search.count-public': Record<string, never>
  }
}

/**
 * The search backfills migration 009 leaves as jobs (migrations stay frozen SQL; this needs the
 * analyzer). Both may run again after a crash: they redo only what is still undone.
 */
export function registerSearchBackfills(jobs: Pick<Jobs, 'register'>, db: Db) {
  jobs.register('search.rebuild', () => rebuildSearchIndex(db))
  jobs.register('search.count-public', () =>
    db.transaction().execute((trx) => countPublicPinsOnly(trx)),
  )
}
