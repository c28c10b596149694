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
  // 403 registrations_closed, invite_required (an invite-only instance); 409 username_reserved
  errors: [403, 409],
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
    // joined from an invite: accepted in the sign-up's unit (a refusal is answered beside the
    // new account, except on an invite-only instance, where no valid invite means no account)
    const token = body.invite_token
    const {
      user,
      session,
      joined: invite,
    } = await ctx.services.accounts.signup(
      body,
      token ? (unit, made) => ctx.services.invites.acceptOnSignup(made.id, token, unit) : undefined,
    )
    setSessionCookies(reply, session, ctx.config.publicUrl)
    return {
      account: await ctx.services.accounts.toOwnAccount(user),
      csrf_token: session.csrfToken,
      ...(invite ? { invite } : {}),
    }
  },
})
