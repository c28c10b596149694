import { describe, expect, it } from 'vitest'
import { createRng } from '../../demo/prng'
import { BREAK, decodeTokens, DOMAIN_FIELD, encodeTokens, analyzePin } from './analyzer'
import { foreground, type Foreground } from './guides'

/**
 * `foreground` counts stems by number, straight from stored tokens. It must count exactly what
 * the plain reading does — decode each pin's fields, drop the source domain's, join an original
 * and its saves, count each stem and each 2-word phrase of frequent stems once per entry —
 * which is this reference, word for word the implementation it replaced.
 */
function reference(sample: string[][], exclude: Set<string>, generic: (t: string) => boolean) {
  const docs = sample.map((group) =>
    group.flatMap((tokens) => decodeTokens(tokens).filter((_, i) => i !== DOMAIN_FIELD)),
  )
  const min = Math.max(2, Math.ceil(docs.length * 0.01))
  const add = (members: Foreground, key: string, d: number) => {
    const list = members.get(key)
    if (list === undefined) members.set(key, [d])
    else if (list[list.length - 1] !== d) list.push(d)
  }
  const stemsSeen: Foreground = new Map()
  for (let d = 0; d < docs.length; d++) {
    for (const field of docs[d]!) {
      for (const s of field) if (s !== BREAK && !exclude.has(s)) add(stemsSeen, s, d)
    }
  }
  const frequent = new Set<string>()
  for (const [s, members] of stemsSeen) if (members.length >= min) frequent.add(s)
  const phrases: Foreground = new Map()
  for (let d = 0; d < docs.length; d++) {
    for (const field of docs[d]!) {
      for (let i = 0; i + 1 < field.length; i++) {
        const a = field[i]!
        const b = field[i + 1]!
        if (a !== b && frequent.has(a) && frequent.has(b)) add(phrases, `${a} ${b}`, d)
      }
    }
  }
  const isNoise = (term: string) => term.split(' ').every((s) => /^\d+$/.test(s) || s.length < 2)
  const out: Foreground = new Map()
  for (const members of [stemsSeen, phrases]) {
    for (const [term, list] of members) {
      if (list.length < min || list.length === docs.length || isNoise(term)) continue
      if (!generic(term)) out.set(term, list)
    }
  }
  return out
}

const sorted = (f: Foreground) => [...f.entries()].sort(([a], [b]) => (a < b ? -1 : 1))

describe('guides foreground', () => {
  it('counts what decoding every pin would, phrases, breaks, domains and saves included', () => {
    const rng = createRng('guides-foreground')
    const words = ['tent', 'stove', 'alpine', 'kayak', 'lake', 'rain', 'camp', 'great', '42', 'x']
    const pick = (n: number) =>
      Array.from({ length: n }, () => words[rng.int(0, words.length - 1)]).join(
        rng.int(0, 4) === 0 ? ', ' : ' ',
      )
    const found = { stems: 0, phrases: 0 }
    for (let round = 0; round < 30; round++) {
      const sample: string[][] = []
      const entries = rng.int(1, 120)
      for (let d = 0; d < entries; d++) {
        const group: string[] = []
        for (let k = rng.int(1, 3); k > 0; k--) {
          group.push(
            encodeTokens(
              analyzePin({
                title: pick(rng.int(0, 5)),
                description: pick(rng.int(0, 12)),
                board_name: pick(rng.int(0, 2)),
                source_domain: rng.int(0, 1) ? 'www.lake-tent.com' : null,
                alt_text: rng.int(0, 1) ? pick(3) : null,
              }).fields,
            ),
          )
        }
        sample.push(group)
      }
      const exclude = new Set(round % 2 ? ['tent'] : ['lake', 'rain'])
      const want = reference(sample, exclude, (t) => t.split(' ').includes('great'))
      expect(sorted(foreground(sample, exclude))).toEqual(sorted(want))
      for (const term of want.keys()) found[term.includes(' ') ? 'phrases' : 'stems']++
    }
    // the comparison saw both kinds of guide
    expect(found.stems).toBeGreaterThan(30)
    expect(found.phrases).toBeGreaterThan(30)
  })
})
