import { describe, expect, it } from 'vitest'
import { analyzePin, BREAK, decodeTokens, encodeTokens } from './analyzer'
import { idf, scoreTokens, type QueryTerm } from './relevance'

/** BM25F over the decoded fields, as ranking computed it before reading the string directly. */
function reference(fields: string[][], terms: QueryTerm[]): number {
  const weights = [2, 1, 1, 1, 1]
  let length = 0
  fields.forEach((f, i) => {
    for (const s of f) if (s !== BREAK) length += weights[i] ?? 1
  })
  const norm = 1.2 * (1 - 0.75 + (0.75 * length) / 25)
  let score = 0
  for (const term of terms) {
    let tf = 0
    fields.forEach((f, i) => {
      for (const s of f)
        if (term.prefix ? s.startsWith(term.stem) : s === term.stem) tf += weights[i] ?? 1
    })
    if (tf > 0) score += (term.idf * tf * 2.2) / (tf + norm)
  }
  return score
}

const pins = [
  { title: 'Tent camping in the rain', description: 'A tent, a stove; camping gear for rain.' },
  { title: '', description: 'camping — only in the description', alt_text: 'a tent at dawn' },
  { title: 'Tents', description: '', board_name: 'Camping trips', source_domain: 'tent.example' },
  { title: 'Sourdough bread', description: 'no match here at all' },
  { title: 'Camp stove camp stove', description: 'camping camping camp' },
]

describe('BM25F from stored tokens', () => {
  const terms = (...stems: [string, boolean][]): QueryTerm[] =>
    stems.map(([stem, prefix]) => ({ stem, prefix, idf: idf(3, 100) }))
  const queries = [
    terms(['tent', false]),
    terms(['camp', false], ['tent', false]),
    terms(['camp', true]),
    terms(['stove', false], ['rain', false], ['bread', false]),
    terms(['zzz', false]),
  ]

  it('scores every pin as the decoded fields do, field weights, breaks and prefixes included', () => {
    for (const pin of pins) {
      const tokens = encodeTokens(
        analyzePin({ alt_text: null, board_name: '', source_domain: null, ...pin }).fields,
      )
      for (const q of queries) {
        expect(scoreTokens(tokens, q, null).score).toBeCloseTo(
          reference(decodeTokens(tokens), q),
          12,
        )
      }
    }
  })

  it('finds the query as consecutive stems as a line of every field would (breaks kept)', () => {
    const tokens = encodeTokens(
      analyzePin({
        title: 'Tent camping tent',
        description: 'rain, camping tent tent stove',
        alt_text: null,
        board_name: 'Trips',
        source_domain: null,
      }).fields,
    )
    const line = ` ${decodeTokens(tokens).flat().join(' ')} `
    const sequences = [
      ['tent', 'camp'],
      ['camp', 'tent', 'tent', 'stove'],
      ['tent', 'tent'],
      ['tent', 'tent', 'tent'],
      ['camp', 'rain'],
      ['rain', 'camp'],
      ['stove', 'trip'],
      ['tent', 'rain'],
      ['trip'],
    ]
    for (const sequence of sequences) {
      expect(scoreTokens(tokens, [], sequence).exact, sequence.join(' ')).toBe(
        line.includes(` ${sequence.join(' ')} `),
      )
    }
    expect(scoreTokens(tokens, [], null).exact).toBe(false)
  })
})
