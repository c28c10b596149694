import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { AccountType, OwnAccount } from '../../../protocol/schemas/accounts'

export default defineEndpoint({
  method: 'PATCH',
  url: '/v5/user_account',
  operationId: 'updateUserAccount',
  summary:
    'Update the profile and settings of the signed-in account; account_type switches between PINNER and BUSINESS (which needs a business_name); a new email (with current_password) applies once the link mailed to it is opened (pending_email until then; the current address again cancels)',
  tags: ['user_account'],
  auth: 'user_accounts:write',
  response: OwnAccount,
  errors: [409],
  body: Type.Object({
    about: Type.Optional(Type.String({ maxLength: 500 })),
    website_url: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
    business_name: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
    account_type: Type.Optional(AccountType),
    message_policy: Type.Optional(
      Type.Union([Type.Literal('mutual'), Type.Literal('following'), Type.Literal('nobody')]),
    ),
    unread_digest_email: Type.Optional(Type.Boolean()),
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
    current_password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  }),
  handler: ({ viewer, body, ctx }) => ctx.services.accounts.updateProfile(viewer.id, body),
})
