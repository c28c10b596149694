import { Type } from 'typebox'
import { PageQuery } from '../../http/endpoint'

/** A search's query string: the words, and for pins the guides chosen so far. */
export const SearchQuery = {
  query: Type.String({ minLength: 1, maxLength: 200 }),
  ...PageQuery,
}
