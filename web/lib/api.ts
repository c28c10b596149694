import type { ApiError as ApiErrorBody } from '../../protocol/api'
import type { ErrorReason } from '../../protocol/errors'

/** The reasons a call may fail for: the server's, and `network` when it was never reached. */
export type ApiErrorReason = ErrorReason | 'network'

/** A failed API call: the server's `{code, message, reason}` plus the HTTP status. */
export class ApiError extends Error {
  readonly status: number
  readonly code: number
  readonly reason: ApiErrorReason | undefined

  constructor(status: number, body: Omit<ApiErrorBody, 'reason'> & { reason?: ApiErrorReason }) {
    super(body.message)
    this.name = 'ApiError'
    this.status = status
    this.code = body.code
    this.reason = body.reason
  }
}

export const CSRF_COOKIE = 'cb_csrf'

let csrfToken: string | null = null
let unauthorizedListener: (() => void) | null = null

export function setCsrfToken(token: string | null) {
  csrfToken = token
}

/** Called when a request that carried a session comes back 401 (the session ended). */
export function onUnauthorized(listener: (() => void) | null) {
  unauthorizedListener = listener
}

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return null
}

function currentCsrfToken(): string | null {
  return readCookie(CSRF_COOKIE) ?? csrfToken
}

export type Query = Record<string, string | number | boolean | null | undefined>

export function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') params.set(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  body?: unknown
  query?: Query
  signal?: AbortSignal
}

function headersFor(method: string, hasBody: boolean): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (hasBody) headers['content-type'] = 'application/json'
  if (method !== 'GET') {
    const token = currentCsrfToken()
    if (token) headers['x-csrf-token'] = token
  }
  return headers
}

async function errorFrom(res: Response): Promise<ApiError> {
  let body: ApiErrorBody = { code: res.status, message: `Request failed (${res.status}).` }
  try {
    const parsed = (await res.json()) as Partial<ApiErrorBody>
    if (parsed && typeof parsed.message === 'string') {
      body = { code: parsed.code ?? res.status, message: parsed.message, reason: parsed.reason }
    }
  } catch {
    // not JSON: keep the generic message
  }
  if (res.status === 413 && body.message.startsWith('Request failed')) {
    body.message = 'That is too large for the server.'
  }
  return new ApiError(res.status, body)
}

const OFFLINE = {
  code: 0,
  message: 'Could not reach Corkboard. Check your connection and try again.',
  reason: 'network' as const,
}

/** Calls the Corkboard API with the session cookie and CSRF header; throws ApiError. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET'
  const hasBody = options.body !== undefined
  let res: Response
  try {
    res = await fetch(withQuery(path, options.query), {
      method,
      credentials: 'same-origin',
      headers: headersFor(method, hasBody),
      body: hasBody ? JSON.stringify(options.body) : undefined,
      signal: options.signal,
    })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, OFFLINE)
  }
  if (!res.ok) {
    const error = await errorFrom(res)
    if (res.status === 401 && !path.startsWith('/v5/auth/')) unauthorizedListener?.()
    throw error
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

/**
 * A JSON POST/PUT that reports upload progress (0..1); fetch cannot, XMLHttpRequest can.
 */
export function apiUpload<T>(
  path: string,
  body: unknown,
  onProgress: (fraction: number) => void,
  method: 'POST' | 'PUT' = 'POST',
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(method, path)
    xhr.withCredentials = true
    for (const [key, value] of Object.entries(headersFor(method, true))) {
      xhr.setRequestHeader(key, value)
    }
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total)
    }
    xhr.onerror = () => reject(new ApiError(0, OFFLINE))
    xhr.onload = () => {
      let parsed: unknown
      try {
        parsed = xhr.responseText ? JSON.parse(xhr.responseText) : undefined
      } catch {
        parsed = undefined
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(parsed as T)
        return
      }
      const errBody = parsed as Partial<ApiErrorBody> | undefined
      reject(
        new ApiError(xhr.status, {
          code: errBody?.code ?? xhr.status,
          message:
            errBody?.message ??
            (xhr.status === 413
              ? 'That image is too large for the server.'
              : `Upload failed (${xhr.status}).`),
          reason: errBody?.reason,
        }),
      )
    }
    xhr.send(JSON.stringify(body))
  })
}

/** A human sentence for any thrown value. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message
  if (err instanceof Error) return err.message
  return 'Something went wrong.'
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.status === 404
}
