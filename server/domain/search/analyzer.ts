import { stemmer } from 'stemmer'

/**
 * The one text analyzer of search, in JavaScript so that both databases index and query the
 * very same terms: lower-cased, accents folded, split on anything not a letter or digit,
 * English stop words dropped, Porter-stemmed. The full-text index of either dialect only ever
 * sees the stems, joined by spaces.
 */

/** English stop words (Lucene's and NLTK's common core): never indexed as guides or queried. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all am an and any are as at be because been before ' +
    'being below between both but by can could did do does doing down during each few for ' +
    'from further had has have having he her here hers herself him himself his how i if in ' +
    'into is it its itself just me more most my myself no nor not now of off on once only or ' +
    'other our ours ourselves out over own same she should so some such than that the their ' +
    'theirs them themselves then there these they this those through to too under until up ' +
    'very was we were what when where which while who whom why will with would you your ' +
    'yours yourself yourselves s t don www com http https'
  ).split(' '),
)

/** Longest token kept (longer runs are noise: ids, hashes). */
const MAX_TOKEN = 40

/** A word as written (lower-cased, folded) and its stem. */
export interface Token {
  surface: string
  stem: string
  /** not right after the previous token (a stop word or punctuation came between) */
  gap?: true
}

/** Marks a break between stems in `search_docs.tokens`: no phrase spans it. */
export const BREAK = '.'

/** Lower-cased, accents folded: how the analyzer reads text before splitting it. */
export const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()

/** The tokens of `text`, in order, stop words dropped. */
export function tokenize(text: string | null | undefined): Token[] {
  if (!text) return []
  const out: Token[] = []
  const folded = fold(text)
  let end = 0
  let gap = false
  for (const m of folded.matchAll(/[\p{L}\p{N}]+/gu)) {
    const surface = m[0]
    if (/[.,;:!?()[\]{}"“”«»…|/]/u.test(folded.slice(end, m.index))) gap = true
    end = m.index + surface.length
    if (surface.length > MAX_TOKEN || STOP_WORDS.has(surface)) {
      gap = true
      continue
    }
    out.push(
      gap && out.length > 0
        ? { surface, stem: stemmer(surface), gap }
        : { surface, stem: stemmer(surface) },
    )
    gap = false
  }
  return out
}

/** The stems of `text`, in order. */
export const stems = (text: string | null | undefined): string[] =>
  tokenize(text).map((t) => t.stem)

/** The part of a source domain worth searching: "www.rei.com" → "rei". */
export function domainWords(domain: string | null | undefined): string {
  if (!domain) return ''
  const labels = domain
    .toLowerCase()
    .replace(/^www\./, '')
    .split('.')
  return labels.length > 1 ? labels.slice(0, -1).join(' ') : labels[0]!
}

/** A pin's searchable text, field by field (what the index and the guides are built from). */
export interface PinText {
  title: string
  description: string
  board_name: string
  source_domain: string | null
  alt_text: string | null
}

/**
 * A pin analyzed for the index: `title` and `body` are the stems the full-text index holds;
 * `fields` keeps the stems per field in order (title, description, board name, source domain,
 * alt text; 2-word phrases never cross a field), which is
 * what `search_docs.tokens` stores.
 */
export interface AnalyzedPin {
  title: string
  body: string
  fields: Token[][]
}

export function analyzePin(pin: PinText): AnalyzedPin {
  const [title, ...rest] = [
    pin.title,
    pin.description,
    pin.board_name,
    domainWords(pin.source_domain),
    pin.alt_text,
  ].map(tokenize)
  const join = (tokens: Token[]) => tokens.map((t) => t.stem).join(' ')
  return {
    title: join(title!),
    body: join(rest.flat()),
    fields: [title!, ...rest],
  }
}

/** Where the source domain's words sit among `fields` (searchable, but never a guide). */
export const DOMAIN_FIELD = 3

/** Field separator in `search_docs.tokens` (split on spaces, the bar stands alone). */
export const FIELD_BAR = '|'
const FIELD_SEP = ` ${FIELD_BAR} `

/** `fields` as stored: stems space-separated, breaks marked, fields apart. */
export const encodeTokens = (fields: Token[][]) =>
  fields.map((f) => f.map((t) => (t.gap ? `${BREAK} ${t.stem}` : t.stem)).join(' ')).join(FIELD_SEP)

/**
 * Stored tokens back to stems per field (title first; a field may be empty; breaks kept). One
 * split on spaces, the separator's bar opening the next field: search decodes hundreds per query.
 */
export function decodeTokens(tokens: string): string[][] {
  let field: string[] = []
  const fields = [field]
  for (const s of tokens.split(' ')) {
    if (s === '') continue
    if (s === FIELD_BAR) fields.push((field = []))
    else field.push(s)
  }
  return fields
}

/** Key of a 2-word phrase among the terms (a space never occurs inside a stem). */
export const phraseKey = (a: string, b: string) => `${a} ${b}`

/**
 * The distinct terms of one document, each with the way it was written: every stem and
 * every 2-word phrase of adjacent stems within a field.
 */
export function documentTerms(fields: Token[][]): Map<string, string> {
  const terms = new Map<string, string>()
  for (const field of fields) {
    for (let i = 0; i < field.length; i++) {
      const t = field[i]!
      if (!terms.has(t.stem)) terms.set(t.stem, t.surface)
      const next = field[i + 1]
      if (next && !next.gap && next.stem !== t.stem) {
        const key = phraseKey(t.stem, next.stem)
        if (!terms.has(key)) terms.set(key, `${t.surface} ${next.surface}`)
      }
    }
  }
  return terms
}

/** The same, from stored stems (no surface forms needed). */
export function storedTerms(fields: string[][]): Set<string> {
  const terms = new Set<string>()
  for (const field of fields) {
    for (let i = 0; i < field.length; i++) {
      const stem = field[i]!
      if (stem === BREAK) continue
      terms.add(stem)
      const next = field[i + 1]
      if (next && next !== BREAK && next !== stem) terms.add(phraseKey(stem, next))
    }
  }
  return terms
}
