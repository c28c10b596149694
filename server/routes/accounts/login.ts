import { Type } from 'typebox'
import { clientAddressKey } from '../../http/client-address'
import { defineEndpoint } from '../../http/endpoint'
import { readDeviceCookie, setDeviceCookie, setSessionCookies } from '../../http/session-cookies'
import { AuthResult } from '../../../protocol/schemas/accounts'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/auth/login',
  operationId: 'login',
  summary: 'Sign in with a username or email and a password',
  tags: ['auth'],
  auth: 'none',
  response: AuthResult,
  errors: [401],
  rateLimit: 30,
  rateLimitPer: 'address',
  body: Type.Object({
    username_or_email: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  }),
  async handler({ body, ctx, req, reply }) {
    const device = readDeviceCookie(req)
    const { user, session } = await ctx.services.accounts.login(
      body.username_or_email,
      body.password,
      clientAddressKey(req.ip),
      device,
    )
    setSessionCookies(reply, session, ctx.config.publicUrl)
    setDeviceCookie(reply, user.id, device, ctx.config.publicUrl)
    return {
      account: await ctx.services.accounts.toOwnAccount(user),
      csrf_token: session.csrfToken,
    }
  },
})
