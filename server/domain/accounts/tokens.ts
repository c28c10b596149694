import { hash, randomBytes } from 'node:crypto'

/** A fresh random secret (256 bits) and the sha256 hash that is stored in its place. */
export function newSecret(prefix = ''): { secret: string; hash: string } {
  const secret = prefix + randomBytes(32).toString('base64url')
  return { secret, hash: hashSecret(secret) }
}

export const hashSecret = (secret: string) => hash('sha256', secret, 'hex')
