import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'

/** The file in DATA_DIR that keeps this installation's demo password (beside session-secret). */
const FILE = 'demo-password'
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

/** 16 random base32 characters (80 bits) in groups of four: `k7qm-4xzp-2hna-w6rt`. */
export function generateDemoPassword(): string {
  const chars = [...randomBytes(16)].map((b) => BASE32[b & 31]).join('')
  return chars.match(/.{4}/g)!.join('-')
}

/** The demo password this installation's demo accounts were given, or null if none was. */
export function readDemoPassword(dataDir: string): string | null {
  const file = resolve(dataDir, FILE)
  if (!existsSync(file)) return null
  return readFileSync(file, 'utf8').trim() || null
}

/** The installation's demo password: the kept one, else a new one, kept (readable by the owner only). */
export function demoPasswordOf(dataDir: string): string {
  const kept = readDemoPassword(dataDir)
  if (kept) return kept
  mkdirSync(dataDir, { recursive: true })
  const password = generateDemoPassword()
  writeFileSync(resolve(dataDir, FILE), password + '\n', { mode: 0o600 })
  return password
}
