import { BadRequestError } from '../errors'

/** A file sent with a mail; JSON-safe, since a mail waits in the jobs table as JSON. */
export interface MailAttachment {
  filename: string
  contentType: string
  /** the bytes, base64 */
  content: string
  /** for an inline image: the HTML part shows it as `<img src="cid:<cid>">` */
  cid?: string
}

/** One mail to one address: a plain-text part, usually an HTML part, extra headers. */
export interface Mail {
  to: string
  subject: string
  text: string
  html?: string
  /** e.g. `List-Unsubscribe`; passed through as they are */
  headers?: Record<string, string>
  attachments?: MailAttachment[]
}

/** A mail with its sender, as a transport takes it. */
export interface OutgoingMail extends Mail {
  from: string
}

/** A mail that could never be sent (a malformed address or header): fails at enqueue, not later. */
export class InvalidMailError extends BadRequestError {
  constructor(message: string) {
    super(message, 'invalid_mail')
  }
}

const ADDRESS = /^[^\s@<>()[\],;:"\\]+@[^\s@<>()[\],;:"\\]+$/
const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]*$/
const LINE_BREAK = /[\r\n]/
const CID = /^[^\s<>"]+$/

export const isMailAddress = (value: string) => value.length <= 254 && ADDRESS.test(value)

/** Throws InvalidMailError for what no transport could send or would send wrongly. */
export function assertSendable(mail: Mail): void {
  if (!isMailAddress(mail.to)) throw new InvalidMailError('The recipient is not a mail address.')
  if (LINE_BREAK.test(mail.subject)) throw new InvalidMailError('A subject is one line.')
  for (const [name, value] of Object.entries(mail.headers ?? {})) {
    if (!HEADER_NAME.test(name) || LINE_BREAK.test(value)) {
      throw new InvalidMailError(`The header "${name}" is malformed.`)
    }
  }
  for (const a of mail.attachments ?? []) {
    if (a.cid !== undefined && !CID.test(a.cid)) {
      throw new InvalidMailError(`The attachment "${a.filename}" has a malformed cid.`)
    }
  }
}
