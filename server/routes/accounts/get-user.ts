import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { Account } from '../../../protocol/schemas/accounts'

export const Username = Type.String({ minLength: 1, maxLength: 30, pattern: '^[a-z0-9_]+$' })

export default defineEndpoint({
  method: 'GET',
  url: '/v5/users/:username',
  operationId: 'getUser',
  summary: 'Get a public profile',
  tags: ['users'],
  auth: 'optional',
  scope: 'user_accounts:read',
  response: Account,
  params: Type.Object({ username: Username }),
  async handler({ viewer, params, ctx }) {
    const viewerId = viewer?.id ?? null
    const user = await ctx.services.accounts.userByUsername(params.username, viewerId)
    return ctx.services.accounts.toAccount(user, viewerId)
  },
})
