import { describe, expect, it } from 'vitest'
import {
  analyzePin,
  decodeTokens,
  documentTerms,
  encodeTokens,
  storedTerms,
  tokenize,
} from './analyzer'

describe('search analyzer', () => {
  it('folds, drops stop words and stems', () => {
    expect(tokenize('The Crème Brûlée of Tents!').map((t) => t.stem)).toEqual([
      'creme',
      'brule',
      'tent',
    ])
  })

  it('makes 2-word phrases only of words that stand side by side', () => {
    const pin = analyzePin({
      title: 'Four season tents',
      description: 'Great for two people plus gear. The view from the tent door',
      board_name: 'Camping',
      source_domain: 'www.rei.com',
      alt_text: null,
    })
    const terms = [...documentTerms(pin.fields).keys()]
    expect(terms).toEqual(expect.arrayContaining(['four season', 'season tent', 'tent door']))
    // not across a full stop, nor across a stop word that was dropped
    expect(terms).not.toContain('gear view')
    expect(terms).not.toContain('view tent')
    // what is stored gives the same terms back
    const stored = storedTerms(decodeTokens(encodeTokens(pin.fields)))
    expect(stored).toEqual(new Set(terms))
    expect(decodeTokens(encodeTokens(pin.fields))[3]).toEqual(['rei'])
  })
})
