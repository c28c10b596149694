import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { Board } from '../../../protocol/schemas/boards'
import { requireScope } from '../../domain/viewer'
import { BoardDescription, BoardName, BoardPrivacy } from '../boards/schemas'
import { ConversationParams } from './schemas'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/conversations/:conversation_id/shortlist/board',
  operationId: 'shortlistBoard',
  summary:
    "Make a group board of the shortlist's top pins (secret unless told), its collaborators the group's other members, announced in the conversation",
  tags: ['conversations'],
  auth: 'boards:write',
  status: 201,
  response: Board,
  errors: [409],
  rateLimit: 30,
  params: ConversationParams,
  body: Type.Object({
    name: BoardName,
    top: Type.Integer({ minimum: 1, maximum: 50, description: 'how many top pins to save' }),
    description: Type.Optional(BoardDescription),
    privacy: Type.Optional(BoardPrivacy),
  }),
  handler: ({ viewer, params, body, ctx }) => {
    // it also posts a message: the token must be allowed to write messages too
    requireScope(viewer, 'messages:write')
    return ctx.services.decide.makeBoard(viewer, params.conversation_id, body)
  },
})
