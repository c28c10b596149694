import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { Username } from '../accounts/get-user'
import { Board } from '../../../protocol/schemas/boards'
import { Page } from '../../../protocol/schemas/common'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/users/:username/boards',
  operationId: 'listUserBoards',
  summary: "List a person's public boards (their own secret ones too, for the owner)",
  tags: ['users'],
  auth: 'optional',
  scope: 'boards:read',
  response: Page(Board),
  params: Type.Object({ username: Username }),
  query: Type.Object(PageQuery),
  handler: ({ viewer, params, query, ctx }) =>
    ctx.services.boards.listUserBoards(params.username, viewer?.id ?? null, query),
})
