import { describe, expect, it, vi } from 'vitest'

describe('password hashes', () => {
  it('are argon2id at OWASP’s baseline (19 MiB, 2 iterations, 1 lane), and verify', async () => {
    // a fresh copy of the module: the in-process test apps of this worker lower its cost
    vi.resetModules()
    const { hashPassword, verifyPassword } = await import('./passwords')
    const hash = await hashPassword('correct horse battery')
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/)
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true)
    expect(await verifyPassword(hash, 'correct horse battery!')).toBe(false)
  })

  it('made at the tests’ least cost verify the same way', async () => {
    vi.resetModules()
    const passwords = await import('./passwords')
    passwords.leastPasswordHashCostForTests()
    const hash = await passwords.hashPassword('correct horse battery')
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=1024,p=1,t=1\$/)
    expect(await passwords.verifyPassword(hash, 'correct horse battery')).toBe(true)
    expect(await passwords.verifyPassword(hash, 'wrong')).toBe(false)
  })
})
