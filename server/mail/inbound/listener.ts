import { createHash } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { simpleParser } from 'mailparser'
import type { Logger } from 'pino'
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server'
import { stripQuoted } from './strip-quotes'
import type { InboundReplies, InboundReply } from './types'

/** The largest reply taken: a reply is text; attachments and long threads have no place here. */
export const INBOUND_MAX_BYTES = 256 * 1024

export interface InboundListener {
  /** the port it listens on */
  readonly port: number
  /** Stops taking connections; resolves once those open have closed (or after 5 s). */
  close(): Promise<void>
}

/** An SMTP reply: `code` and an enhanced status in the text (RFC 3463). */
const smtpError = (code: number, text: string) =>
  Object.assign(new Error(text), { responseCode: code })

/** Reads the DATA stream, keeping at most `max` bytes; null when the mail is larger. */
function readCapped(stream: SMTPServerDataStream, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= max) chunks.push(chunk)
    })
    stream.once('error', reject)
    stream.once('end', () =>
      resolve(size > max || stream.sizeExceeded ? null : Buffer.concat(chunks)),
    )
  })
}

/**
 * The inbound SMTP listener of reply by email (INBOUND_SMTP_PORT): it refuses at RCPT every
 * recipient but a valid reply address (550), one per mail; takes at most 256 KB; parses the
 * mail (mailparser), keeps its text part without the quoted mail, and hands it to `replies`,
 * whose answer becomes the SMTP reply: 250 posted, 550 refused for good (the sender's server
 * bounces it with the reason), 451 for now (it tries again later; same Message-ID, same message).
 * No AUTH and no STARTTLS: it is meant to sit behind the instance's MX (or on loopback).
 */
export async function startInboundListener(deps: {
  host: string
  port: number
  replies: InboundReplies
  log: Logger
}): Promise<InboundListener> {
  const { replies, log } = deps

  async function receive(stream: SMTPServerDataStream, session: SMTPServerSession) {
    const raw = await readCapped(stream, INBOUND_MAX_BYTES)
    if (!raw) throw smtpError(552, '5.3.4 A reply may be at most 256 KB.')
    const to = session.envelope.rcptTo[0]?.address
    if (!to) throw smtpError(503, '5.5.1 No recipient.')
    const mail = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true })
    const reply: InboundReply = {
      to,
      from: mail.from?.value[0]?.address ?? null,
      messageId: mail.messageId ?? null,
      rawHash: createHash('sha256').update(raw).digest('hex'),
      text: stripQuoted(mail.text ?? ''),
    }
    const outcome = await replies.deliver(reply)
    if (outcome.status !== 'refused') {
      log.info({ reply: { status: outcome.status, message: outcome.messageId } }, 'email reply')
      return outcome.status === 'posted' ? 'Reply posted' : 'Reply already posted'
    }
    log.info({ reply: { why: outcome.why, permanent: outcome.permanent } }, 'email reply refused')
    throw outcome.permanent
      ? smtpError(550, `5.7.1 ${outcome.why}`)
      : smtpError(451, `4.3.0 ${outcome.why}`)
  }

  const server = new SMTPServer({
    banner: 'Corkboard replies',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: INBOUND_MAX_BYTES,
    rejectOversized: true,
    logger: false,
    maxClients: 100,
    socketTimeout: 60_000,
    closeTimeout: 5_000,
    onRcptTo(address, session, callback) {
      if (session.envelope.rcptTo.length > 0) {
        return callback(smtpError(452, '4.5.3 One reply address per mail.'))
      }
      const check = replies.checkRecipient(address.address)
      callback(check.ok ? null : smtpError(550, `5.1.1 ${check.why}`))
    },
    onData(stream, session, callback) {
      receive(stream, session).then(
        (message) => callback(null, message),
        (err: Error & { responseCode?: number }) => {
          if (err.responseCode) return callback(err)
          log.warn({ err }, 'email reply failed')
          callback(smtpError(451, '4.3.0 The reply could not be taken now; try again later.'))
        },
      )
    },
  })
  server.on('error', (err) => log.warn({ err }, 'inbound SMTP error'))
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject)
    server.listen(deps.port, deps.host, () => {
      server.server.off('error', reject)
      resolve()
    })
  })
  const port = (server.server.address() as AddressInfo).port
  log.info({ host: deps.host, port }, 'taking email replies over SMTP')
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
