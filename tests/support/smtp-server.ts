import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'

export interface ReceivedMail {
  envelope: { from: string; to: string[] }
  mail: ParsedMail
}

/**
 * A real SMTP server for a test, on a free loopback port: it parses and keeps every mail it
 * accepts, and can be told to refuse the next attempts (4xx or 5xx at MAIL FROM), as a server
 * that is down or overloaded does.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = []
  /** MAIL FROM commands seen, refused ones included */
  attempts = 0
  private refusals: number[] = []
  private readonly server: SMTPServer

  private constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onMailFrom: (_address, _session, callback) => {
        this.attempts++
        const code = this.refusals.shift()
        if (code === undefined) return callback()
        const message = code >= 500 ? 'Requested action not taken' : 'Try again later'
        callback(Object.assign(new Error(message), { responseCode: code }))
      },
      onData: (stream, session, callback) => {
        // skipImageLinks: the HTML as sent, `cid:` references and all
        simpleParser(stream, { skipImageLinks: true }).then(
          (mail) => {
            this.received.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              mail,
            })
            callback()
          },
          (err: Error) => callback(err),
        )
      },
    })
  }

  static async start(): Promise<TestSmtpServer> {
    const smtp = new TestSmtpServer()
    await new Promise<void>((resolve, reject) => {
      smtp.server.once('error', reject)
      smtp.server.listen(0, '127.0.0.1', () => resolve())
    })
    return smtp
  }

  get port(): number {
    return (this.server.server.address() as AddressInfo).port
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`
  }

  /** The next attempts are refused with these reply codes, in order. */
  refuseNext(...codes: number[]) {
    this.refusals.push(...codes)
  }

  /** What arrived with this subject. */
  withSubject(subject: string): ReceivedMail[] {
    return this.received.filter((r) => r.mail.subject === subject)
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}
