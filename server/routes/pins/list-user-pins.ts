import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { Username } from '../accounts/get-user'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/users/:username/pins',
  summary: "List a person's pins (public boards; all of them for the owner), newest first",
  tags: ['users'],
  auth: 'optional',
  scope: 'pins:read',
  params: Type.Object({ username: Username }),
  query: Type.Object(PageQuery),
  handler: ({ viewer, params, query, ctx }) =>
    ctx.services.pins.listUser(viewer?.id ?? null, params.username, query),
})
