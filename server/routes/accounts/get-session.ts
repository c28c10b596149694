import { defineEndpoint } from '../../http/endpoint'
import { CSRF_COOKIE } from '../../http/auth'
import { UnauthorizedError } from '../../errors'
import { SessionResult } from '../../../protocol/schemas/accounts'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/auth/session',
  operationId: 'getSession',
  summary: 'The signed-in account and its CSRF token (for the web app after a reload)',
  tags: ['auth'],
  auth: 'optional',
  response: SessionResult,
  async handler({ viewer, ctx, req }) {
    if (!viewer || viewer.via !== 'session') throw new UnauthorizedError()
    return {
      account: await ctx.services.accounts.ownAccount(viewer.id),
      csrf_token: req.cookies[CSRF_COOKIE] ?? null,
    }
  },
})
