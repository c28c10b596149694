/**
 * What the inbound SMTP listener hands on: it knows SMTP and mail formats, not who may post
 * where. The domain (domain/notifications/email-replies.ts) implements this.
 */

/** A reply as the listener read it. */
export interface InboundReply {
  /** the envelope recipient (a reply address, checked at RCPT) */
  to: string
  /** the address in the From: header, if any */
  from: string | null
  /** the Message-ID header, if any */
  messageId: string | null
  /** sha256 (hex) of the raw mail: its identity when it has no Message-ID */
  rawHash: string
  /** the reply's own text: the quoted mail, attribution and signature taken off */
  text: string
}

/** A reply posted (or posted before, by the same mail), or refused, for good or for now. */
export type InboundOutcome =
  | { status: 'posted' | 'duplicate'; messageId: string }
  | { status: 'refused'; permanent: boolean; why: string }

export interface InboundReplies {
  /** Whether an envelope recipient is a reply address that takes replies now. */
  checkRecipient(address: string): { ok: true } | { ok: false; why: string }
  deliver(reply: InboundReply): Promise<InboundOutcome>
}
