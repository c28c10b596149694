import { describe, expect, it } from 'vitest'
import { isEmailAddress, looksLikeEmail, normalEmail } from './email-address'

describe('email addresses in a recipient box', () => {
  it('takes anything with an @ as meant for an address', () => {
    expect(looksLikeEmail('ana')).toBe(false)
    expect(looksLikeEmail('ana@')).toBe(true)
    expect(looksLikeEmail('  @x')).toBe(true)
  })

  it('accepts what the server accepts', () => {
    expect(isEmailAddress('newfriend@example.test')).toBe(true)
    expect(isEmailAddress(' Ana.B+pins@Mail.example.com ')).toBe(true)
    expect(isEmailAddress('ana@example')).toBe(false)
    expect(isEmailAddress('ana@@example.com')).toBe(false)
    expect(isEmailAddress('ana b@example.com')).toBe(false)
    expect(isEmailAddress(`${'a'.repeat(250)}@x.io`)).toBe(false)
  })

  it('compares addresses as the server does', () => {
    expect(normalEmail(' NewFriend@Example.TEST ')).toBe('newfriend@example.test')
  })
})
