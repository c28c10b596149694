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

  it('stand in for an unknown account at the cost of a real one, whichever cost is in force', async () => {
    vi.resetModules()
    const passwords = await import('./passwords')
    // the parameters: everything before the salt
    const costOf = (hash: string) => hash.split('$').slice(0, 4).join('$')
    const early = await passwords.dummyPasswordHash()
    expect(costOf(early)).toBe(costOf(await passwords.hashPassword('an account’s password')))
    expect(costOf(early)).toBe('$argon2id$v=19$m=19456,p=1,t=2')
    // made before the cost was lowered: made again at the new one
    passwords.leastPasswordHashCostForTests()
    const late = await passwords.dummyPasswordHash()
    expect(costOf(late)).toBe(costOf(await passwords.hashPassword('an account’s password')))
    expect(costOf(late)).toBe('$argon2id$v=19$m=1024,p=1,t=1')
  })
})
