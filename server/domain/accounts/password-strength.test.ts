import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { checkNewPassword, SCORED_LENGTH } from './password-strength'

const CHARS = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!@#$%^&*-_=+'
/** what a password manager makes */
const generated = (n: number) => Array.from(randomBytes(n), (b) => CHARS[b % CHARS.length]).join('')

const reasonOf = (p: Promise<void>) =>
  p.then(
    () => 'accepted',
    (err: { reason?: string }) => err.reason,
  )

describe('new passwords', () => {
  it('refuses common ones and the account’s own name, with zxcvbn’s advice', async () => {
    await expect(checkNewPassword('password123', [])).rejects.toMatchObject({
      status: 400,
      reason: 'weak_password',
      message: expect.stringMatching(/common/i),
    })
    expect(
      await reasonOf(checkNewPassword('mildred_1987', ['mildred_1987', 'm@example.com'])),
    ).toBe('weak_password')
    expect(await reasonOf(checkNewPassword('correct horse battery', []))).toBe('accepted')
  })

  it('refuses fewer than 8 or more than 256 characters before scoring', async () => {
    expect(await reasonOf(checkNewPassword('Xy7!q', []))).toBe('invalid_password')
    expect(await reasonOf(checkNewPassword(generated(257), []))).toBe('invalid_password')
  })

  it('scores off the event loop: the loop turns while a long password is checked', async () => {
    let settled = false
    const check = checkNewPassword(generated(256), ['someone']).finally(() => {
      settled = true
    })
    await new Promise((resolve) => setImmediate(resolve))
    expect(settled).toBe(false)
    expect(await reasonOf(check)).toBe('accepted')
  })

  it(`judges a long password by its first ${SCORED_LENGTH} characters`, async () => {
    // guessable where it is scored, whatever follows
    const weakStart = 'password'.repeat(SCORED_LENGTH / 8) + generated(100)
    expect(await reasonOf(checkNewPassword(weakStart, []))).toBe('weak_password')
    expect(await reasonOf(checkNewPassword(generated(SCORED_LENGTH) + 'a'.repeat(100), []))).toBe(
      'accepted',
    )
  })

  it('refuses for a moment (429) rather than queue checks without end', async () => {
    const reasons = await Promise.all(
      Array.from({ length: 48 }, () => reasonOf(checkNewPassword(generated(24), []))),
    )
    const overloaded = reasons.filter((r) => r === 'overloaded').length
    expect(overloaded).toBe(48 - 32)
    expect(reasons.filter((r) => r === 'accepted')).toHaveLength(32)
    // and checks go on once the queue has drained
    expect(await reasonOf(checkNewPassword(generated(24), []))).toBe('accepted')
  })
})
