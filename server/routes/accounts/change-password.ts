import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { setSessionCookies } from '../../http/session-cookies'
import { ForbiddenError } from '../../errors'
import { CsrfToken } from '../../../protocol/schemas/accounts'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/user_account/password',
  operationId: 'changePassword',
  summary: 'Change the password; every other session is signed out',
  tags: ['user_account'],
  auth: 'user_accounts:write',
  response: CsrfToken,
  rateLimit: 10,
  body: Type.Object({
    current_password: Type.String({ minLength: 1, maxLength: 256 }),
    new_password: Type.String({ minLength: 8, maxLength: 256 }),
  }),
  async handler({ viewer, body, ctx, reply }) {
    if (viewer.via !== 'session') {
      throw new ForbiddenError('Change the password from the web app.', 'session_required')
    }
    const session = await ctx.services.accounts.changePassword(
      viewer.id,
      body.current_password,
      body.new_password,
    )
    setSessionCookies(reply, session, ctx.config.publicUrl)
    return { csrf_token: session.csrfToken }
  },
})
