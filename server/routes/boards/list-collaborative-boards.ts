import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { Board } from '../../../protocol/schemas/boards'
import { Page } from '../../../protocol/schemas/common'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/user_account/collaborating/boards',
  operationId: 'listCollaborativeBoards',
  summary: "Other people's boards the signed-in account collaborates on, newest invitation first",
  tags: ['user_account'],
  auth: 'boards:read',
  response: Page(Board),
  query: Type.Object(PageQuery),
  handler: ({ viewer, query, ctx }) => ctx.services.decide.collaborators.boards(viewer.id, query),
})
