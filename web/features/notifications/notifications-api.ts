import { api } from '../../lib/api'

/** `GET|POST /v5/email/unsubscribe/{token}`: whose unread-message emails, and whether on. */
export interface EmailSubscription {
  username: string
  unread_digest_email: boolean
}

const path = (action: 'unsubscribe' | 'resubscribe', token: string) =>
  `/v5/email/${action}/${encodeURIComponent(token)}`

export const subscriptionPath = (token: string) => path('unsubscribe', token)

export const setSubscription = (token: string, on: boolean) =>
  api<EmailSubscription>(path(on ? 'resubscribe' : 'unsubscribe', token), { method: 'POST' })
