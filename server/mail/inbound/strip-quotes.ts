/**
 * The new text of a reply, as mail clients write one: without the mail it quotes (the
 * attribution line — "On … wrote:" and its translations, wrapped or not — and everything after
 * it, `>`-quoted lines, Outlook's "-----Original Message-----" or "From: / Sent:" header block),
 * without a `-- ` signature and a trailing "Sent from my iPhone".
 */

/** an attribution's first word, in the languages mail clients most often write it in */
const ATTRIBUTION_START = /^\s*(on|le|el|am|il|op|em|den|på|w dniu)\s/i
/** …its verb, and its end: a colon (Gmail's "On …, X <a@b> wrote:", German "… schrieb X <a@b>:") */
const ATTRIBUTION =
  /\b(wrote|a écrit|escribió|schrieb|ha scritto|schreef|escreveu|skrev|napisał).{0,300}:\s*$/i
/** Gmail wraps a long attribution over two or three lines */
const ATTRIBUTION_LINES = 3
const ORIGINAL_MESSAGE =
  /^\s*-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|messaggio originale|oorspronkelijk bericht)\s*-{2,}\s*$/i
/** Outlook's header block of the quoted mail: From: (maybe bold, "*From:*"), Sent:/Date:, To:/Subject: */
const HEADER_FROM = /^\s*\*?(from|von|de|da|van|från)\s*:\*?\s*\S/i
const HEADER_SENT =
  /^\s*\*?(sent|date|gesendet|datum|envoyé|enviado|inviato|verzonden|skickat)\s*:/i
const HEADER_TO =
  /^\s*\*?(to|subject|an|betreff|à|objet|para|asunto|a|oggetto|aan|onderwerp|till|ämne|cc)\s*:/i
/** a rule above it: Outlook's underscores, or the dashes an HTML `<hr>` becomes as text */
const RULE = /^\s*(_{10,}|-{10,})\s*$/
const QUOTED = /^\s*>/
const SIGNATURE = /^--\s?$/
const SIGN_OFF =
  /^\s*(sent from my \S.*|sent from (outlook|mail|yahoo mail|gmail)\b.*|get outlook for \S.*|envoyé de mon \S.*|von meinem \S.* gesendet)\s*$/i

const blank = (line: string | undefined) => line === undefined || line.trim() === ''

/** The next line after `from` that is not blank, if any. */
function nextFilled(lines: string[], from: number): string | undefined {
  for (let i = from; i < lines.length; i++) if (!blank(lines[i])) return lines[i]
  return undefined
}

/** How many lines (1–3) the attribution starting at `i` spans; 0 when none starts there. */
function attributionAt(lines: string[], i: number): number {
  if (!ATTRIBUTION_START.test(lines[i]!)) return 0
  let joined = ''
  for (let n = 1; n <= ATTRIBUTION_LINES && i + n - 1 < lines.length; n++) {
    joined = n === 1 ? lines[i]! : `${joined} ${lines[i + n - 1]!.trim()}`
    // only an attribution when the quote follows it (or nothing does): "On Monday I wrote:"
    // followed by the person's own words is theirs
    if (joined.length <= 400 && ATTRIBUTION.test(joined)) {
      const next = nextFilled(lines, i + n)
      return next === undefined || QUOTED.test(next) ? n : 0
    }
  }
  return 0
}

/** Whether the quoted mail starts at line `i` (so that it and all after it go). */
function quoteStartsAt(lines: string[], i: number): boolean {
  const line = lines[i]!
  if (SIGNATURE.test(line) || ORIGINAL_MESSAGE.test(line)) return true
  if (attributionAt(lines, i) > 0) return true
  const from = RULE.test(line) ? lines.findIndex((l, j) => j > i && !blank(l)) : i
  if (from < 0 || !HEADER_FROM.test(lines[from]!)) return false
  const block = lines.slice(from + 1, from + 5)
  return block.some((l) => HEADER_SENT.test(l)) && block.some((l) => HEADER_TO.test(l))
}

export function stripQuoted(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replaceAll('\u0000', '')
    .replaceAll('\uFEFF', '')
    .split('\n')
  const kept: string[] = []
  for (let i = 0; i < lines.length; i++) {
    if (quoteStartsAt(lines, i)) break
    if (QUOTED.test(lines[i]!)) continue
    kept.push(lines[i]!.trimEnd())
  }
  // a client's sign-off after the reply, then blank lines at either end
  while (kept.length > 0 && (blank(kept.at(-1)) || SIGN_OFF.test(kept.at(-1)!))) kept.pop()
  while (kept.length > 0 && blank(kept[0])) kept.shift()
  return kept.join('\n').replace(/\n{3,}/g, '\n\n')
}
