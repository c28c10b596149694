/** What ranking and visibility need of a matching pin, with its stored stems. */
export interface PinFacts {
  id: number
  owner_id: number
  secret: number
  save_count: number
  like_count: number
  created_at: string
  parent_pin_id: number | null
  /** `search_docs.tokens`: the stems per field (`decodeTokens` reads them) */
  tokens: string
}
