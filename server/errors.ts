import type { ErrorReason } from '../protocol/errors'

/**
 * Typed errors with stable codes. The domain throws these; the HTTP edge maps them once
 * (see `http/error-handler.ts`). `reason` is a stable string clients can switch on.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason?: ErrorReason,
    readonly headers?: Record<string, string>,
  ) {
    super(message)
    this.name = new.target.name
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, reason: ErrorReason = 'invalid_input') {
    super(400, message, reason)
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = 'Authentication required.', reason: ErrorReason = 'unauthenticated') {
    super(401, message, reason)
  }
}
export class ForbiddenError extends AppError {
  constructor(message: string, reason: ErrorReason) {
    super(403, message, reason)
  }
}
export class NotFoundError extends AppError {
  constructor(what = 'Resource') {
    super(404, `${what} not found.`, 'not_found')
  }
}
export class ConflictError extends AppError {
  constructor(message: string, reason: ErrorReason) {
    super(409, message, reason)
  }
}
export class GoneError extends AppError {
  constructor(message: string, reason: ErrorReason) {
    super(410, message, reason)
  }
}
export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super(413, message, 'too_large')
  }
}
export class UnsupportedMediaError extends AppError {
  constructor(message: string, reason: ErrorReason = 'unsupported_media') {
    super(415, message, reason)
  }
}
export class RateLimitedError extends AppError {
  constructor(
    retryAfterSeconds: number,
    reason: ErrorReason = 'rate_limited',
    what = 'Too many requests',
  ) {
    super(429, `${what}; retry in ${retryAfterSeconds} s.`, reason, {
      'retry-after': String(retryAfterSeconds),
    })
  }
}

/** Seconds a client is told to wait after a write met a full disk. */
export const STORAGE_FULL_RETRY_AFTER_S = 60

/**
 * The disk (or the database's size limit) is full: the write was not made, nothing of it
 * remains, and reads still work. `cause` is the driver's or file system's own error.
 */
export class StorageFullError extends AppError {
  constructor(override readonly cause?: unknown) {
    super(503, 'The server has no room to store this right now; try again later.', 'storage_full', {
      'retry-after': String(STORAGE_FULL_RETRY_AFTER_S),
    })
  }
}

/**
 * The codes a full disk surfaces as: SQLite's SQLITE_FULL (the file may not grow: disk or
 * max_page_count) and SQLITE_IOERR_WRITE (a write the disk refused), a file system write's
 * ENOSPC (or EDQUOT, a quota), PostgreSQL's SQLSTATE 53100 disk_full.
 */
const STORAGE_FULL_CODES = new Set([
  'SQLITE_FULL',
  'SQLITE_IOERR_WRITE',
  'ENOSPC',
  'EDQUOT',
  '53100',
])

/** `error` as a StorageFullError when a full disk caused it (looking through `cause`), else null. */
export function storageFullFrom(error: unknown): StorageFullError | null {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if (e instanceof StorageFullError) return e
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && STORAGE_FULL_CODES.has(code)) return new StorageFullError(e)
    e = (e as { cause?: unknown }).cause
  }
  return null
}
