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
  },
  { title: 'PinSearchPage' },
)
