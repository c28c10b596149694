import { Type } from 'typebox'
import { SCOPES } from '../../../protocol/api'
import { defineEndpoint } from '../../http/endpoint'
import { ForbiddenError } from '../../errors'
import { CreatedToken, ScopeName } from '../../../protocol/schemas/accounts'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/user_account/tokens',
  operationId: 'createToken',
  summary: 'Create a personal access token (the token is shown once)',
  tags: ['user_account'],
  auth: 'user_accounts:write',
  status: 201,
  response: CreatedToken,
  rateLimit: 20,
  rateLimitPer: 'address',
  body: Type.Object({
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(ScopeName, {
      minItems: 1,
      maxItems: SCOPES.length,
    }),
  }),
  async handler({ viewer, body, ctx }) {
    // A token may not mint tokens wider than itself.
    if (viewer.scopes && body.scopes.some((s) => !viewer.scopes!.has(s))) {
      throw new ForbiddenError(
        'A token cannot grant scopes it does not have.',
        'insufficient_scope',
      )
    }
    return ctx.services.accounts.createToken(viewer.id, body.name, body.scopes)
  },
})
