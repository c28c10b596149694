import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { EmailSubscription } from '../../../protocol/schemas/invites'

/** Any length is looked up (an unknown token is a 404, like every unknown thing) up to a bound. */
export const UnsubscribeToken = Type.String({ minLength: 1, maxLength: 200 })

export const TokenParams = Type.Object({ token: UnsubscribeToken })

/**
 * A POST that turns the unread-message emails of an unsubscribe link's account off or on: no
 * login (the link is the credential), any body or none (a mail client's one-click form too).
 */
export function subscriptionChange(action: 'unsubscribe' | 'resubscribe', summary: string) {
  return defineEndpoint({
    method: 'POST',
    url: `/v5/email/${action}/:token`,
    operationId: action,
    summary,
    tags: ['email'],
    auth: 'none',
    response: EmailSubscription,
    rateLimit: 60,
    bodyLimit: 1024,
    params: TokenParams,
    async handler({ params, ctx, reply }) {
      reply.header('referrer-policy', 'no-referrer')
      return ctx.services.unsubscribe.set(params.token, action === 'resubscribe')
    },
  })
}
