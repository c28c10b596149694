import type { Db, Dialect } from '../../db/database'

// Placeholder: follows and blocks are being built (see issue 2).
export function createGraphService(_deps: { db: Db; dialect: Dialect }) {
  return {}
}
