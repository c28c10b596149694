import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { readDeviceCookie, setDeviceCookie, setSessionCookies } from '../../http/session-cookies'
import { PasswordResetResult } from '../../../protocol/schemas/recovery'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/auth/password_reset/confirm',
  operationId: 'confirmPasswordReset',
  summary:
    "Sets a new password with a reset link's token: every session and personal access token of the account ends (their sockets close) and this client is signed in afresh. 410 once the link is used, expired, or void (the password or address changed since)",
  tags: ['auth'],
  auth: 'none',
  response: PasswordResetResult,
  errors: [410],
  rateLimit: 10,
  rateLimitPer: 'address',
  bodyLimit: 2048,
  body: Type.Object({
    token: Type.String({ minLength: 1, maxLength: 200 }),
    new_password: Type.String({ minLength: 8, maxLength: 256 }),
  }),
  async handler({ body, ctx, req, reply }) {
    const reset = await ctx.services.accounts.resetPassword(body.token, body.new_password)
    setSessionCookies(reply, reset.session, ctx.config.publicUrl)
    // like a log-in: this browser is now one the account signed in from
    setDeviceCookie(reply, reset.user.id, readDeviceCookie(req), ctx.config.publicUrl)
    return {
      account: await ctx.services.accounts.toOwnAccount(reset.user),
      csrf_token: reset.session.csrfToken,
      ended_sessions: reset.ended_sessions,
      deleted_tokens: reset.deleted_tokens,
    }
  },
})
