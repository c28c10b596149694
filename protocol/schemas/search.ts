import { Type } from 'typebox'
import { Nullable } from './common'
import { Pin } from './pins'

/** A page of pin matches; the first page also has the query's guides (refinements). */
export const PinSearchPage = Type.Object(
  {
    items: Type.Array(Pin),
    bookmark: Nullable(Type.String()),
    guides: Type.Optional(
      Type.Array(
        Type.Object({
          key: Type.String(),
          term: Type.String(),
          count: Type.Integer({ minimum: 0 }),
        }),
      ),
    ),
    corrected_query: Type.Optional(
      Nullable(
        Type.String({
          description:
            'set when the query as written found (almost) nothing: the corrected query whose pins these are',
        }),
      ),
    ),
  },
  { title: 'PinSearchPage' },
)

/** The typeahead: the word being typed completed, and after a whole word its refinements. */
export const SearchCompletions = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        query: Type.String({ description: 'the query to search for' }),
        word: Nullable(Type.String({ description: 'the word completed (a completion)' })),
        guide: Nullable(Type.String({ description: 'the guide to choose too (a refinement)' })),
      }),
    ),
  },
  { title: 'SearchCompletions' },
)
