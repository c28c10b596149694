import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { PinSearchPage } from '../../../protocol/schemas/search'
import { SearchQuery } from './schemas'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/search/pins',
  operationId: 'searchPins',
  summary:
    'Pins matching query (and every chosen guide), best first; the first page also answers guides: refinements with how many matching pins carry them',
  tags: ['search'],
  auth: 'optional',
  scope: 'pins:read',
  response: PinSearchPage,
  query: Type.Object({
    ...SearchQuery,
    guides: Type.Optional(
      Type.String({ maxLength: 300, description: 'chosen guides, comma-separated' }),
    ),
  }),
  handler: ({ viewer, query, ctx }) => ctx.services.search.searchPins(viewer?.id ?? null, query),
})
