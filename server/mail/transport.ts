import type { OutgoingMail } from './message'

/** Where mail goes: an SMTP server, or the embedded outbox. `send` throws when refused. */
export interface MailTransport {
  readonly kind: 'smtp' | 'outbox'
  send(mail: OutgoingMail): Promise<void>
  close(): Promise<void>
}
