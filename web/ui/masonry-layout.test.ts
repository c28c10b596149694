import { describe, expect, it } from 'vitest'
import { columnCount, layoutColumns } from './masonry-layout'

describe('masonry layout', () => {
  it('has two columns on a phone and six or more on a wide screen', () => {
    expect(columnCount(343)).toBe(2)
    expect(columnCount(1408)).toBeGreaterThanOrEqual(6)
    expect(columnCount(100)).toBe(2)
  })

  it('puts each item in the shortest column', () => {
    const ratios = [2, 1, 1, 1]
    const columns = layoutColumns([0, 1, 2, 3], 456, { ratio: (i) => ratios[i] ?? 1 })
    // 0 (tall) left, 1 right, 2 right again (right is shorter), 3 left or right by height
    expect(columns[0]).toContain(0)
    expect(columns[1]).toEqual(expect.arrayContaining([1, 2]))
  })

  it('never moves placed items when more are appended', () => {
    const ratio = (i: number) => 0.6 + ((i * 37) % 10) / 10
    const first = layoutColumns([...Array(25).keys()], 1200, { ratio })
    const more = layoutColumns([...Array(50).keys()], 1200, { ratio })
    first.forEach((column, c) => expect(more[c]?.slice(0, column.length)).toEqual(column))
  })
})
