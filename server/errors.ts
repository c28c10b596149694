/**
 * Typed errors with stable codes. The domain throws these; the HTTP edge maps them once
 * (see `http/error-handler.ts`). `reason` is a stable string clients can switch on.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason?: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message)
    this.name = new.target.name
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, reason = 'invalid_input') {
    super(400, message, reason)
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = 'Authentication required.', reason = 'unauthenticated') {
    super(401, message, reason)
  }
}
export class ForbiddenError extends AppError {
  constructor(message: string, reason: string) {
    super(403, message, reason)
  }
}
export class NotFoundError extends AppError {
  constructor(what = 'Resource') {
    super(404, `${what} not found.`, 'not_found')
  }
}
export class ConflictError extends AppError {
  constructor(message: string, reason: string) {
    super(409, message, reason)
  }
}
export class GoneError extends AppError {
  constructor(message: string, reason: string) {
    super(410, message, reason)
  }
}
export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super(413, message, 'too_large')
  }
}
export class UnsupportedMediaError extends AppError {
  constructor(message: string, reason = 'unsupported_media') {
    super(415, message, reason)
  }
}
export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number, reason = 'rate_limited') {
    super(429, `Too many requests; retry in ${retryAfterSeconds} s.`, reason, {
      'retry-after': String(retryAfterSeconds),
    })
  }
}
