import { describe, expect, it } from 'vitest'
import { editDistance, edits1 } from './spelling'

describe('spelling', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('tnet', 'tent')).toBe(1)
    expect(editDistance('hamock', 'hammock')).toBe(1)
    expect(editDistance('ultarlihgt', 'ultralight')).toBe(2)
    expect(editDistance('tent', 'tent')).toBe(0)
    expect(editDistance('', 'ab')).toBe(2)
    // past the bound, only that it is past
    expect(editDistance('soup', 'tent', 2)).toBe(3)
    expect(editDistance('a', 'abcdef', 2)).toBe(3)
  })

  it('makes every string one edit away', () => {
    const near = edits1('tnet')
    for (const w of ['tent', 'net', 'tnets', 'tnex']) {
      expect(near.has(w), w).toBe(true)
    }
    expect(near.has('tnet')).toBe(false)
    // a letter outside the BMP is one letter: never split into halves
    const astral = edits1('a𐍈')
    expect(astral.has('𐍈')).toBe(true)
    expect([...astral].every((w) => !/[\uD800-\uDFFF]/u.test(w.replace(/𐍈/gu, '')))).toBe(true)
    expect([...near].every((w) => editDistance('tnet', w) === 1)).toBe(true)
  })
})
