import { Type } from 'typebox'
import { Id, PageQuery } from '../../http/endpoint'
import { Username } from '../accounts/get-user'

export const ConversationParams = Type.Object({ conversation_id: Id })

/** A paged list inside one conversation: its id in the path, the page in the query. */
export const ConversationPageRequest = {
  params: ConversationParams,
  query: Type.Object(PageQuery),
}

export const ClientMessageId = Type.String({ minLength: 1, maxLength: 64 })

/** Trimmed and checked against 2,000 characters by the domain. */
export const MessageText = Type.String({ maxLength: 8000 })

/** A reaction: one emoji (checked by the domain: one grapheme that is an emoji). */
export const Emoji = Type.String({ minLength: 1, maxLength: 32 })

export const AttachmentRef = Type.Object({
  type: Type.Union([Type.Literal('pin'), Type.Literal('board'), Type.Literal('user')]),
  id: Id,
})

export const Usernames = Type.Array(Username, { minItems: 1, maxItems: 20 })

export const Title = Type.Union([Type.String({ maxLength: 400 }), Type.Null()])
