import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { Board } from '../../../protocol/schemas/boards'
import { Page } from '../../../protocol/schemas/common'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/boards',
  operationId: 'listBoards',
  summary: "List the signed-in account's boards, secret ones included, newest first",
  tags: ['boards'],
  auth: 'boards:read',
  response: Page(Board),
  query: Type.Object({
    ...PageQuery,
    // Pinterest's BoardPrivacyFilter; Corkboard has no PROTECTED boards.
    privacy: Type.Optional(
      Type.Union([
        Type.Literal('ALL'),
        Type.Literal('PUBLIC'),
        Type.Literal('PROTECTED'),
        Type.Literal('SECRET'),
        Type.Literal('PUBLIC_AND_SECRET'),
      ]),
    ),
  }),
  handler: ({ viewer, query, ctx }) => ctx.services.boards.listOwn(viewer.id, query),
})
