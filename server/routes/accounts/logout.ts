import { defineEndpoint } from '../../http/endpoint'
import { clearSessionCookies } from '../../http/session-cookies'
import { NoBody } from '../../../protocol/schemas/common'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/auth/logout',
  operationId: 'logout',
  summary: 'Sign out: revoke this session',
  tags: ['auth'],
  auth: 'optional',
  status: 204,
  response: NoBody,
  async handler({ viewer, ctx, reply }) {
    if (viewer?.sessionHash) await ctx.services.accounts.logout(viewer.sessionHash)
    clearSessionCookies(reply)
  },
})
