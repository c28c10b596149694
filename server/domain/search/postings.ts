import { sql, type Kysely, type RawBuilder } from 'kysely'
import { runPrepared } from '../../db/prepared'
import type { Database } from '../../db/schema'
import type { PinFacts } from './pin-facts'

/**
 * PostgreSQL's term → newest pins index (`search_postings`, migration 018): one row per
 * (stem, pin), read backwards along its primary key (term, pin_id), so that the newest
 * matches of a frequent word are found without visiting every match (a GIN index can only
 * answer all of them, as a bitmap to be sorted). Who may see a pin is kept beside it
 * (`visible_to`: null for a public pin, the owner for a secret one) so that visibility is
 * part of the walk. SQLite needs none of this: FTS5 walks its doclists newest first.
 */

type Conn = Kysely<Database>

/** A pin's stems before and after a write (null: the pin left the index), and who sees it. */
export interface PinTerms {
  id: number
  before: readonly string[]
  after: readonly string[] | null
  visibleTo: number | null
}

/** The distinct stems of `search_docs.tokens` (as migration 018 reads them). */
export const stemsOfTokens = (tokens: string | undefined): string[] =>
  tokens ? [...new Set(tokens.split(/[ |.]+/).filter(Boolean))] : []

const ROWS = 5000

/** Brings `search_postings` in step with these pins' stems and visibility. */
export async function writePostings(conn: Conn, changes: readonly PinTerms[]): Promise<void> {
  const gone: { terms: string[]; ids: number[] } = { terms: [], ids: [] }
  const now: { terms: string[]; ids: number[]; visible: (number | null)[] } = {
    terms: [],
    ids: [],
    visible: [],
  }
  for (const c of changes) {
    const after = new Set(c.after ?? [])
    for (const t of c.before) {
      if (after.has(t)) continue
      gone.terms.push(t)
      gone.ids.push(c.id)
    }
    for (const t of after) {
      now.terms.push(t)
      now.ids.push(c.id)
      now.visible.push(c.visibleTo)
    }
  }
  for (let i = 0; i < gone.terms.length; i += ROWS) {
    await sql`delete from search_postings where (term, pin_id) in (
        select * from unnest(${gone.terms.slice(i, i + ROWS)}::text[], ${gone.ids.slice(i, i + ROWS)}::bigint[]))`.execute(
      conn,
    )
  }
  for (let i = 0; i < now.terms.length; i += ROWS) {
    await sql`insert into search_postings (term, pin_id, visible_to)
      select * from unnest(${now.terms.slice(i, i + ROWS)}::text[], ${now.ids.slice(i, i + ROWS)}::bigint[],
        ${now.visible.slice(i, i + ROWS)}::bigint[])
      on conflict (term, pin_id) do update set visible_to = excluded.visible_to
        where search_postings.visible_to is distinct from excluded.visible_to`.execute(conn)
  }
}

/** What a match over postings is asked (the stems, and a tsquery checked on each candidate). */
export interface PostingsQuery {
  /** stems every match holds */
  terms: string[]
  /** a prefix no term is given with (then the only thing asked) */
  prefix: string | null
  /** tsquery text every candidate's document must also match (phrases, a prefix), or null */
  check: string | null
  /** public pins holding each of `terms` (from the statistics) */
  df: ReadonlyMap<string, number>
  /** public pins in all */
  total: number
}

/** Estimated cost units of one probe of a term's postings, and of one GIN match. */
const PROBE = 1
const SEQUENTIAL = 0.15
const GIN_MATCH = 2
/** Another term at most this many times as frequent as the rarest is merge-joined, not probed. */
const RANGED_RATIO = 8
/** The most postings of the rarest term read at once. */
const BATCH_MAX = 100_000
/** A prefix that begins more terms than this is left to GIN. */
const PREFIX_TERMS_MAX = 100

/** A match: its id, and (asked for) what ranking needs of it. */
type MatchRow = Pick<PinFacts, 'id'> & Partial<PinFacts>

/** `search_facts` columns as `PinFacts` (f: the table's alias). */
const FACTS = sql.raw(
  'f.pin_id as id, f.owner_id, f.secret, f.save_count, f.like_count, f.created_at, f.parent_pin_id, f.tokens',
)
/** The same columns but the id, empty (the walk's bookkeeping row). */
const NO_FACTS = sql.raw(
  'null as owner_id, null as secret, null as save_count, null as like_count, null as created_at, null as parent_pin_id, null as tokens,',
)

/**
 * The newest `limit` pins below `beforeId` matching `q` that `viewer` may see, newest first;
 * null when the GIN index is the cheaper way (few matches in all: a bitmap of them is small).
 *
 * Several terms: the walk starts from the rarest one (document frequencies from
 * `search_terms`), reads the postings of words of like frequency beside its own (a merge join
 * along the key) and probes much more frequent ones per candidate, so that it stops once
 * `limit` matches are found: about `limit` ÷ (the others' joint share of pins) candidates,
 * against every match for GIN.
 */
export async function matchPostings(
  db: Conn,
  q: PostingsQuery,
  beforeId: number | null,
  limit: number,
  viewer: number | null,
  /** 'auto': by the costs below; 'postings': never GIN (tests compare both ways) */
  plan: 'auto' | 'postings' = 'auto',
): Promise<number[] | null> {
  const rows = await walk(db, q, beforeId, limit, viewer, plan, false)
  return rows && rows.map((r) => r.id)
}

/**
 * `matchPostings` with what ranking needs of each match (`search_facts`, migration 023), read
 * in the same statement as the walk: a search window in one round trip.
 */
export const matchPostingFacts = (
  ...[db, q, beforeId, limit, viewer, plan = 'auto']: Parameters<typeof matchPostings>
): Promise<PinFacts[] | null> =>
  // asked with facts, every row has them
  walk(db, q, beforeId, limit, viewer, plan, true) as Promise<PinFacts[] | null>

/** What ranking needs of the pins `found` (a query of their ids, as `id`), in no order. */
export const withFacts = (found: RawBuilder<unknown>) =>
  sql`select ${FACTS} from (${found}) y join search_facts f on f.pin_id = y.id`

async function walk(
  db: Conn,
  q: PostingsQuery,
  beforeId: number | null,
  limit: number,
  viewer: number | null,
  plan: 'auto' | 'postings',
  facts: boolean,
): Promise<MatchRow[] | null> {
  const before = beforeId ?? Number.MAX_SAFE_INTEGER
  const visible = (alias: string) =>
    viewer === null
      ? sql`${sql.ref(`${alias}.visible_to`)} is null`
      : sql`(${sql.ref(`${alias}.visible_to`)} is null or ${sql.ref(`${alias}.visible_to`)} = ${viewer})`
  if (q.terms.length === 0) {
    return q.prefix ? byPrefix(db, q.prefix, before, limit, visible, facts) : []
  }
  const df = (t: string) => q.df.get(t) ?? 0
  const n = Math.max(1, q.total)
  const terms = q.terms
    .map((term) => ({ term, df: Math.min(n, Math.max(0, df(term))) }))
    .sort((a, b) => a.df - b.df || (a.term < b.term ? -1 : 1))
  const [driver, ...others] = terms as [(typeof terms)[0], ...typeof terms]
  // others about as frequent as the driver: their postings read beside the driver's, newest
  // first (a merge join along the key); much more frequent ones: probed per candidate left
  const ranged = others.filter((o) => o.df <= RANGED_RATIO * Math.max(1, driver.df))
  const probed = others.filter((o) => !ranged.includes(o))
  const shareOf = (list: typeof others) => list.reduce((s, o) => s * (o.df / n), 1)
  const share = shareOf(others)
  // driver's postings to read for `limit` matches (the terms taken as independent)
  const batch = Math.ceil(Math.min(driver.df + 1, share > 0 ? (limit / share) * 1.2 : Infinity))
  if (plan === 'auto' && (others.length > 0 || q.check)) {
    const matches = terms.reduce((m, t) => m * (t.df / n), n)
    const read = batch * (1 + ranged.reduce((s, o) => s + o.df / Math.max(1, driver.df), 0))
    const postingsCost = read * SEQUENTIAL + batch * shareOf(ranged) * probed.length * PROBE
    const ginCost = Math.min(matches, driver.df) * GIN_MATCH
    if (ginCost < postingsCost) return null
  }
  const probes = probed.map(
    (o) =>
      sql`and exists (select 1 from search_postings o where o.term = ${o.term} and o.pin_id = x.pin_id offset 0)`,
  )
  const check: RawBuilder<unknown> = q.check
    ? sql`and exists (select 1 from search_docs s where s.pin_id = x.pin_id
        and s.document @@ to_tsquery('simple', ${q.check}) offset 0)`
    : sql``
  const joins = ranged.map((o, i) => {
    const r = sql.ref(`r${i}`)
    return sql`join search_postings ${r} on ${r}.term = ${o.term} and ${r}.pin_id = a.pin_id`
  })
  const out: MatchRow[] = []
  let below = before
  // pins holding the driver and the ranged terms to take at once, for `limit` matches
  let size = Math.max(limit, Math.min(Math.ceil(batch * shareOf(ranged)), BATCH_MAX))
  for (;;) {
    const found = sql`select x.pin_id as id from d x where true ${sql.join(probes, sql` `)} ${check}
      order by x.pin_id desc limit ${limit - out.length}`
    const rows = await runPrepared(
      db,
      sql<PinFacts & { lo: number | null; n: number | null }>`
      with d as materialized (
        select a.pin_id from search_postings a ${sql.join(joins, sql` `)}
        where a.term = ${driver.term} and a.pin_id < ${below} and ${visible('a')}
        order by a.pin_id desc limit ${size}
      ), span as materialized (select coalesce(min(pin_id), 0) as lo, count(*) as n from d)
      select null as id, ${facts ? NO_FACTS : sql``} lo, n from span
      union all (${
        facts
          ? sql`select z.*, null, null from (${withFacts(found)}) z`
          : sql`select id, null, null from (${found}) y`
      })`.compile(db),
    )
    const meta = rows.find((r) => r.id === null)!
    for (const { lo: _lo, n: _n, ...match } of rows) if (match.id !== null) out.push(match)
    out.sort((a, b) => b.id - a.id)
    if (out.length >= limit || Number(meta.n) < size) return out.slice(0, limit)
    below = Number(meta.lo)
    size = Math.min(size * 2, BATCH_MAX)
  }
}

/**
 * A prefix alone: the terms it begins (a skip along the key, one probe per term), then the
 * newest `limit` of each, merged. Null (GIN) when it begins too many terms.
 */
async function byPrefix(
  db: Conn,
  prefix: string,
  before: number,
  limit: number,
  visible: (alias: string) => RawBuilder<unknown>,
  facts: boolean,
): Promise<MatchRow[] | null> {
  const end = `${prefix}\u{10FFFF}`
  const { rows: found } = await sql<{ term: string }>`
    with recursive t(term) as (
      (select term from search_postings where term >= ${prefix} and term < ${end} order by term limit 1)
      union all
      select (select s.term from search_postings s where s.term > t.term and s.term < ${end}
        order by s.term limit 1)
      from t where t.term is not null
    )
    select term from t where term is not null limit ${PREFIX_TERMS_MAX + 1}`.execute(db)
  if (found.length > PREFIX_TERMS_MAX) return null
  if (found.length === 0) return []
  const { rows } = await sql<{ id: number }>`
    select distinct x.pin_id as id from unnest(${found.map((f) => f.term)}::text[]) as t(term)
    cross join lateral (
      select p.pin_id from search_postings p
      where p.term = t.term and p.pin_id < ${before} and ${visible('p')}
      order by p.pin_id desc limit ${limit}
    ) x
    order by x.pin_id desc limit ${limit}`.execute(db)
  const ids = rows.map((r) => r.id)
  if (!facts) return ids.map((id) => ({ id }))
  const { rows: withThem } = await sql<PinFacts>`${withFacts(
    sql`select * from unnest(${ids}::bigint[]) as t(id)`,
  )}`.execute(db)
  return withThem.sort((a, b) => b.id - a.id)
}
