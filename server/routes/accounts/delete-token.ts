import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { NoBody } from '../../../protocol/schemas/common'

export default defineEndpoint({
  method: 'DELETE',
  url: '/v5/user_account/tokens/:token_id',
  operationId: 'deleteToken',
  summary: 'Revoke a personal access token',
  tags: ['user_account'],
  auth: 'user_accounts:write',
  status: 204,
  response: NoBody,
  params: Type.Object({ token_id: Id }),
  async handler({ viewer, params, ctx }) {
    await ctx.services.accounts.deleteToken(viewer.id, Number(params.token_id))
  },
})
