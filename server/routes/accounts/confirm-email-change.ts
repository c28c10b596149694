import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { EmailChangeConfirmed } from '../../../protocol/schemas/recovery'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/auth/email_change/confirm',
  operationId: 'confirmEmailChange',
  summary:
    'Applies a change of address with the link mailed to the new address (no log-in: the link is the credential). 410 once used, expired or replaced by a newer change; 409 when the address got an account meanwhile',
  tags: ['auth'],
  auth: 'none',
  response: EmailChangeConfirmed,
  errors: [409, 410],
  rateLimit: 10,
  rateLimitPer: 'address',
  bodyLimit: 1024,
  body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }),
  handler: ({ body, ctx }) => ctx.services.accounts.confirmEmailChange(body.token),
})
