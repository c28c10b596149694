import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { Username } from '../accounts/get-user'
import { Page } from '../../../protocol/schemas/common'
import { Pin } from '../../../protocol/schemas/pins'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/users/:username/pins',
  operationId: 'listUserPins',
  summary: "List a person's pins (public boards; all of them for the owner), newest first",
  tags: ['users'],
  auth: 'optional',
  scope: 'pins:read',
  response: Page(Pin),
  params: Type.Object({ username: Username }),
  query: Type.Object(PageQuery),
  handler: ({ viewer, params, query, ctx }) =>
    ctx.services.pins.listUser(viewer?.id ?? null, params.username, query),
})
