import { describe, expect, it } from 'vitest'
import { withQuery } from './api'

describe('withQuery', () => {
  it('adds only the parameters that have a value', () => {
    expect(withQuery('/v5/feed', { page_size: 25, bookmark: null })).toBe('/v5/feed?page_size=25')
    expect(withQuery('/v5/feed', { bookmark: '' })).toBe('/v5/feed')
  })

  it('extends a path that already has a query', () => {
    expect(withQuery('/v5/search/pins?query=tent', { page_size: 10, bookmark: 'a b' })).toBe(
      '/v5/search/pins?query=tent&page_size=10&bookmark=a+b',
    )
  })
})
