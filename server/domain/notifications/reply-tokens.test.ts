import { describe, expect, it } from 'vitest'
import { createReplyTokens, REPLY_TOKEN_TTL_MS } from './reply-tokens'

const tokens = createReplyTokens({ secret: 'secret-one', domain: 'pins.example.org' })
const now = Date.parse('2026-03-03T10:00:00Z')

describe('reply tokens', () => {
  it('name a member and a conversation for 14 days, in an address that fits a local part', () => {
    const address = tokens.addressFor(42, 2 ** 40 + 7, now)
    const local = address.slice(0, address.indexOf('@'))
    expect(address).toMatch(/^reply\+[A-Za-z0-9_-]{44}@pins\.example\.org$/)
    expect(local.length).toBeLessThanOrEqual(64)
    expect(tokens.checkAddress(address, now)).toMatchObject({
      ok: true,
      userId: 42,
      conversationId: 2 ** 40 + 7,
    })
    // the token is case-sensitive, the domain is not; valid a second before the end, not at it
    expect(tokens.checkAddress(address.toUpperCase().replace(/^REPLY\+/, 'reply+'), now).ok).toBe(
      false,
    )
    expect(
      tokens.checkAddress(address.replace('pins.example.org', 'PINS.Example.ORG'), now).ok,
    ).toBe(true)
    expect(tokens.checkAddress(address, now + REPLY_TOKEN_TTL_MS - 1000).ok).toBe(true)
    expect(tokens.checkAddress(address, now + REPLY_TOKEN_TTL_MS)).toEqual({
      ok: false,
      why: 'expired',
    })
  })

  it('refuses any change to a token, another secret’s, and another domain', () => {
    const token = tokens.tokenFor(42, 7, now)
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    for (let i = 0; i < token.length; i++) {
      const other = alphabet[(alphabet.indexOf(token[i]!) + 1) % 64]!
      const changed = token.slice(0, i) + other + token.slice(i + 1)
      expect(tokens.check(changed, now), `character ${i}`).toEqual({
        ok: false,
        why: 'unknown_recipient',
      })
    }
    const theirs = createReplyTokens({ secret: 'secret-two', domain: 'pins.example.org' })
    expect(tokens.check(theirs.tokenFor(42, 7, now), now).ok).toBe(false)
    for (const address of [
      `reply+${token}@other.example.org`,
      `reply+${token}`,
      `${token}@pins.example.org`,
      `reply+${token}x@pins.example.org`,
      '',
    ]) {
      expect(tokens.checkAddress(address, now).ok, address).toBe(false)
    }
  })
})
