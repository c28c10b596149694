import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { SearchCompletions } from '../../../protocol/schemas/search'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/search/completions',
  operationId: 'searchCompletions',
  summary:
    'The typeahead: the word being typed completed to words public pins hold, the words before it kept; after a whole word, its refinements too',
  tags: ['search'],
  auth: 'optional',
  scope: 'pins:read',
  response: SearchCompletions,
  query: Type.Object({
    query: Type.String({ minLength: 1, maxLength: 200 }),
    page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 12, default: 6 })),
  }),
  handler: ({ viewer, query, ctx }) => ctx.services.search.complete(viewer?.id ?? null, query),
})
