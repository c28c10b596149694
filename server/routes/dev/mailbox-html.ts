import type { MailAttachment } from '../../mail/message'

export const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g

/** Plain text as HTML, its http(s) links clickable. */
export function linkify(text: string): string {
  let out = ''
  let last = 0
  for (const m of text.matchAll(URL_IN_TEXT)) {
    out += escapeHtml(text.slice(last, m.index))
    const url = escapeHtml(m[0])
    out += `<a href="${url}" rel="noreferrer">${url}</a>`
    last = m.index + m[0].length
  }
  return out + escapeHtml(text.slice(last))
}

/** A mail's HTML part as a page of its own: inline images as data: URLs, links to the top. */
export function standaloneMailHtml(html: string, attachments: MailAttachment[]): string {
  const byCid = new Map(attachments.filter((a) => a.cid).map((a) => [a.cid!, a]))
  const inlined = html.replace(/cid:([^"'\s)>]+)/gi, (whole, cid: string) => {
    const a = byCid.get(cid)
    return a ? `data:${a.contentType};base64,${a.content}` : whole
  })
  const base = '<base target="_top">'
  const head = /<head(\s[^>]*)?>/i.exec(inlined)
  if (!head) return base + inlined
  const at = head.index + head[0].length
  return inlined.slice(0, at) + base + inlined.slice(at)
}

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#222;background:#faf7f2}
header{background:#8a5a2b;color:#fff;padding:12px 24px}
header a{color:#fff}
main{padding:16px 24px;max-width:960px}
table{border-collapse:collapse;width:100%;background:#fff}
td,th{text-align:left;padding:8px 10px;border-bottom:1px solid #eee;vertical-align:top}
.muted{color:#777;font-size:13px}
iframe{width:100%;height:70vh;border:1px solid #ddd;border-radius:8px;background:#fff}
pre{white-space:pre-wrap;background:#fff;border:1px solid #ddd;border-radius:8px;padding:12px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}dt{color:#777}dd{margin:0}
`

/** The frame of every /dev/mailbox page. */
export function mailboxPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header><a href="/dev/mailbox">Corkboard mailbox</a> · <span class="muted" style="color:#f3e3cf">the embedded outbox: mail is kept here while SMTP_URL is not set</span></header>
<main>${body}</main></body></html>`
}
