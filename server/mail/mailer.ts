import type { Logger } from 'pino'
import type { Jobs } from '../jobs/runner'
import type { JobConn } from '../jobs/types'
import { assertSendable, type Mail } from './message'
import type { Outbox } from './outbox'
import type { MailTransport } from './transport'

declare module '../jobs/types' {
  interface JobPayloads {
    /** a mail to send; its payload is erased once sent */
    'mail.send': Mail
  }
}

export interface Mailer {
  /**
   * Queues a mail: a `mail.send` job in `conn` (a transaction: nothing goes out for an action
   * that rolls back). The runner sends it after the commit and retries with backoff while the
   * transport refuses. Throws InvalidMailError at once for a mail no transport would take.
   */
  enqueueMail(conn: JobConn, mail: Mail): Promise<number>
  /** Sends now, through the transport (the `mail.send` job's work); throws when refused. */
  sendMail(mail: Mail): Promise<void>
  /** The embedded outbox when there is no SMTP_URL, else null. */
  readonly outbox: Outbox | null
  close(): Promise<void>
}

/** The mailer, and the `mail.send` job handler that sends what enqueueMail queued. */
export function createMailer(deps: {
  transport: MailTransport | Outbox
  from: string
  jobs: Jobs
  log: Logger
}): Mailer {
  const { transport, from, jobs, log } = deps

  async function sendMail(mail: Mail) {
    assertSendable(mail)
    await transport.send({ ...mail, from })
    if (transport.kind === 'smtp') log.info({ mail: { subject: mail.subject } }, 'mail sent')
  }

  // A sent mail's payload goes: it may hold a live invite link, which is stored nowhere else.
  jobs.register('mail.send', (mail) => sendMail(mail), { erasePayloadWhenDone: true })

  return {
    async enqueueMail(conn, mail) {
      assertSendable(mail)
      return jobs.enqueue(conn, 'mail.send', mail)
    },
    sendMail,
    outbox: transport.kind === 'outbox' ? (transport as Outbox) : null,
    close: () => transport.close(),
  }
}
