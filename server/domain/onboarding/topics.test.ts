import { describe, expect, it } from 'vitest'
import { isTopicId, rankTopics, topicCandidates } from './topics'

const rank = (names: string[], pins: Record<string, number>, limit = 10) =>
  rankTopics(names, topicCandidates(names), new Map(Object.entries(pins)), limit)

describe('first sign-in topics', () => {
  it('counts each word once per board, spelt as most boards write it, vague words left out', () => {
    const names = ['Camping trip', 'Family camping', 'Camping camping', 'Ideas list', 'Camp 2024']
    const byStem = new Map(topicCandidates(names).map((c) => [c.stem, c]))
    expect(byStem.get('camp')).toMatchObject({ surface: 'camping', boards: new Set([0, 1, 2, 4]) })
    expect(byStem.has('idea')).toBe(false)
    expect(byStem.has('list')).toBe(false)
    expect(byStem.has('2024')).toBe(false)
  })

  it('ranks by public pins, drops words only written beside a broader one, joins twins', () => {
    const names = ['Camping trip', 'Family camping', 'Weeknight dinners', 'Greek islands']
    const topics = rank(names, {
      camp: 9,
      trip: 4,
      famili: 2,
      weeknight: 3,
      dinner: 3,
      greek: 5,
      island: 5,
    })
    expect(topics).toEqual([
      { stem: 'camp', name: 'Camping', pins: 9 },
      { stem: 'greek', name: 'Greek islands', pins: 5 },
      { stem: 'dinner', name: 'Weeknight dinners', pins: 3 },
    ])
  })

  it('keeps a narrower word that holds more pins than the broader one', () => {
    const names = ['Camping tents', 'Camping stoves']
    expect(rank(names, { camp: 3, tent: 12, stove: 1 }).map((t) => t.name)).toEqual([
      'Tents',
      'Camping',
    ])
  })

  it('needs two public pins, and stops at the limit', () => {
    const names = ['Tea', 'Soup', 'Bread', 'Pasta']
    expect(rank(names, { tea: 1, soup: 4, bread: 3, pasta: 2 }, 2).map((t) => t.stem)).toEqual([
      'soup',
      'bread',
    ])
  })

  it('takes only analysed words as topic ids', () => {
    expect(['camp', 'dinner', 'café', '42'].map(isTopicId)).toEqual([true, true, true, true])
    expect(['Camp', 'camp fire', '', 'a,b', 'x'.repeat(41)].map(isTopicId)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ])
  })
})
