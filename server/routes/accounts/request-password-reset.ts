import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { PasswordResetRequested } from '../../../protocol/schemas/recovery'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/auth/password_reset',
  operationId: 'requestPasswordReset',
  summary:
    'Forgot password: mails a reset link (single use, 1 hour) when the address has an account. Answers 202 alike either way, and at most 3 links an hour go to one address',
  tags: ['auth'],
  auth: 'none',
  status: 202,
  response: PasswordResetRequested,
  rateLimit: 5,
  rateLimitPer: 'address',
  bodyLimit: 1024,
  body: Type.Object({ email: Type.String({ minLength: 3, maxLength: 254 }) }),
  handler: ({ body, ctx }) => ctx.services.accounts.requestPasswordReset(body.email),
})
