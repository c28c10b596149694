import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { PinSearchPage } from '../../../protocol/schemas/search'
import { SearchQuery } from './schemas'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/search/pins',
  operationId: 'searchPins',
  summary:
    'Pins matching query (and every chosen guide), best first; the first page also answers guides: refinements with how many matching pins carry them. A query finding (almost) nothing is corrected to the closest words of public pins (corrected_query)',
  tags: ['search'],
  auth: 'optional',
  scope: 'pins:read',
  response: PinSearchPage,
  query: Type.Object({
    ...SearchQuery,
    guides: Type.Optional(
      Type.String({ maxLength: 300, description: 'chosen guides, comma-separated' }),
    ),
    autocorrect: Type.Optional(
      Type.Boolean({
        default: true,
        description:
          'false: never search for a correction of the words instead (corrected_query stays null)',
      }),
    ),
  }),
  handler: ({ viewer, query, ctx }) => ctx.services.search.searchPins(viewer?.id ?? null, query),
})
