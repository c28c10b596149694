import WebSocket from 'ws'
import type { Side } from './sides'

/**
 * The check made before an acknowledged message is counted undelivered: what a member's
 * client would do after losing messages on its live socket. Person `person` reconnects (a new
 * socket) and says `hello` with the cursor it had when the step began; the server replays
 * everything after it, then `ready`. When the server refuses the replay (`resync_required`:
 * too much missed) the client would refetch through REST instead, so does this:
 * `GET /v5/conversations/{id}/messages`, newest first, page after page back to the step.
 * Answers the step's message numbers the person can get that way.
 */
export async function recover(
  side: Side,
  person: number,
  conversation: string,
  cursor: string | undefined,
  tag: number,
): Promise<{ found: Set<number>; via: 'resume' | 'rest' }> {
  const replayed = cursor === undefined ? null : await replay(side, person, cursor, tag)
  if (replayed) return { found: replayed, via: 'resume' }
  return { found: await listed(side, person, conversation, tag), via: 'rest' }
}

/** The step's numbers in `m<tag>_<n>` client message ids found in `text`. */
function numbersIn(text: string, tag: number, into: Set<number>) {
  const re = new RegExp(`"client_message_id":"m${tag}_(\\d+)"`, 'g')
  for (const m of text.matchAll(re)) into.add(Number(m[1]))
}

/** The replay of a hello with `cursor`, or null when the server answers resync_required. */
function replay(
  side: Side,
  person: number,
  cursor: string,
  tag: number,
): Promise<Set<number> | null> {
  return new Promise((resolve, reject) => {
    const { url, headers } = side.socket(person)
    const ws = new WebSocket(url, { headers, perMessageDeflate: false })
    const found = new Set<number>()
    const done = (value: Set<number> | null | Error) => {
      clearTimeout(timer)
      ws.terminate()
      if (value instanceof Error) reject(value)
      else resolve(value)
    }
    const timer = setTimeout(() => done(new Error(`${side.name}: no resume in 30 s`)), 30_000)
    ws.on('error', (err) => done(err))
    ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', cursor })))
    ws.on('message', (data: Buffer) => {
      const frame = data.toString()
      if (frame.startsWith('{"type":"resync_required"')) done(null)
      else if (frame.startsWith('{"type":"ready"')) done(found)
      else if (frame.startsWith('{"type":"message.created"')) numbersIn(frame, tag, found)
    })
  })
}

/** The step's messages in the conversation's REST list, read newest first back to the step. */
async function listed(side: Side, person: number, conversation: string, tag: number) {
  const { url, headers } = side.rest!(person)
  const found = new Set<number>()
  let bookmark: string | null = null
  for (let page = 0; page < 200; page++) {
    const query = `page_size=250${bookmark ? `&bookmark=${encodeURIComponent(bookmark)}` : ''}`
    const res = await fetch(`${url}/v5/conversations/${conversation}/messages?${query}`, {
      headers,
    })
    if (!res.ok) throw new Error(`${side.name}: messages list answered ${res.status}`)
    const body = (await res.json()) as {
      items: { client_message_id?: string | null }[]
      bookmark: string | null
    }
    numbersIn(JSON.stringify(body.items), tag, found)
    // newest first: once a page reaches an earlier step's messages, the rest is older still
    const older = body.items.some((m) => {
      const t = /^m(\d+)_/.exec(m.client_message_id ?? '')
      return t !== null && Number(t[1]) < tag
    })
    bookmark = body.bookmark
    if (older || !bookmark) break
  }
  return found
}
