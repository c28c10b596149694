import { describe, expect, it } from 'vitest'
import { followHelps, followLabel, reasonText } from './message-reasons'

const person = (
  reason: 'not_mutual' | 'not_followed' | 'policy_nobody' | null,
  follows_you: boolean,
  is_following: boolean,
) => ({ reason, follows_you, is_following })

describe('why you cannot message someone, in words', () => {
  it('tells what would let you, for each relation under the mutual rule', () => {
    expect(reasonText(person('not_mutual', true, false))).toBe(
      'Follows you — follow back to message',
    )
    expect(reasonText(person('not_mutual', false, true))).toBe('Doesn’t follow you back yet')
    expect(reasonText(person('not_mutual', false, false))).toBe('Follow each other to message')
  })

  it('names the other policies', () => {
    expect(reasonText(person('not_followed', false, true))).toBe(
      'Only takes messages from people they follow',
    )
    expect(reasonText(person('policy_nobody', true, true))).toBe('Doesn’t accept messages')
  })

  it('offers Follow only when following is a step you can still take', () => {
    expect(followHelps(person('not_mutual', true, false))).toBe(true)
    expect(followHelps(person('not_mutual', false, false))).toBe(true)
    expect(followHelps(person('not_mutual', false, true))).toBe(false)
    expect(followHelps(person('not_followed', false, true))).toBe(false)
    expect(followHelps(person('not_followed', false, false))).toBe(false)
    expect(followHelps(person('policy_nobody', true, false))).toBe(false)
    expect(followHelps(person(null, true, true))).toBe(false)
    expect(followLabel(person('not_mutual', true, false))).toBe('Follow back')
    expect(followLabel(person('not_mutual', false, false))).toBe('Follow')
  })
})
