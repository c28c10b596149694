import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { setSessionCookies } from '../../http/session-cookies'
import { SignupResult } from '../../../protocol/schemas/accounts'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/auth/signup',
  operationId: 'signup',
  summary: 'Create an account and sign in',
  tags: ['auth'],
  auth: 'none',
  status: 201,
  response: SignupResult,
  errors: [409],
  rateLimit: 20,
  rateLimitPer: 'address',
  body: Type.Object({
    username: Type.String({ minLength: 3, maxLength: 30, pattern: '^[a-z0-9_]+$' }),
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 8, maxLength: 256 }),
    account_type: Type.Optional(Type.Union([Type.Literal('PINNER'), Type.Literal('BUSINESS')])),
    business_name: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
    invite_token: Type.Optional(Type.String({ maxLength: 200 })),
  }),
  async handler({ body, ctx, reply }) {
    const { user, session } = await ctx.services.accounts.signup(body)
    setSessionCookies(reply, session, ctx.config.publicUrl)
    // joined from an invite: accepted with the sign-up (the account exists either way)
    const invite = body.invite_token
      ? await ctx.services.invites.acceptOnSignup(user.id, body.invite_token)
      : undefined
    return {
      account: await ctx.services.accounts.toOwnAccount(user),
      csrf_token: session.csrfToken,
      ...(invite ? { invite } : {}),
    }
  },
})
