import { defineEndpoint } from '../../http/endpoint'
import { ImageBase64Source, UPLOAD_BODY_LIMIT } from '../pins/schemas'
import { OwnAccount } from '../../../protocol/schemas/accounts'

export default defineEndpoint({
  method: 'PUT',
  url: '/v5/user_account/avatar',
  operationId: 'setAvatar',
  summary: 'Set your profile image from an uploaded image',
  tags: ['user_account'],
  auth: 'user_accounts:write',
  response: OwnAccount,
  rateLimit: 30,
  bodyLimit: UPLOAD_BODY_LIMIT,
  body: ImageBase64Source,
  async handler({ viewer, body, ctx }) {
    const image = await ctx.services.media.fromSource(viewer.id, body)
    return ctx.services.accounts.updateProfile(viewer.id, { profile_image_key: image.key })
  },
})
