import { defineEndpoint } from '../../http/endpoint'
import { clearSessionCookies } from '../../http/session-cookies'
import { NoBody } from '../../../protocol/schemas/common'
import { DeleteAccountBody } from '../../../protocol/schemas/data'

export default defineEndpoint({
  method: 'DELETE',
  url: '/v5/user_account',
  operationId: 'deleteAccount',
  summary:
    'Delete your account, confirmed with its password: pins, boards, likes and follows go; messages stay for the other members, from "Deleted account"',
  tags: ['user_account'],
  auth: 'user_accounts:write',
  status: 204,
  response: NoBody,
  rateLimit: 10,
  body: DeleteAccountBody,
  async handler({ viewer, body, ctx, reply }) {
    await ctx.services.accountDeletion.deleteAccount(viewer.id, body.password)
    clearSessionCookies(reply)
  },
})
