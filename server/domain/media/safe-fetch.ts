import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import { isIP, type LookupFunction } from 'node:net'
import { BadRequestError } from '../../errors'

export interface SafeFetchOptions {
  /** which addresses may be connected to: public unicast ones, unless a test says otherwise */
  allowAddress: (ip: string) => boolean
  maxBytes: number
  timeoutMs: number
  maxRedirects: number
}

export const DEFAULT_FETCH_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  timeoutMs: 10_000,
  maxRedirects: 3,
}

const refused = () =>
  new BadRequestError('image_url must point at a public internet address.', 'image_url_not_allowed')

/**
 * A DNS lookup that refuses non-public addresses. It runs when the socket connects, so the
 * address checked is the address used: a name that re-resolves (DNS rebinding) cannot slip
 * a private address in between a check and the connection.
 */
export function guardedLookup(allowAddress: (ip: string) => boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0)
      const list = addresses ?? []
      if (list.length === 0 || list.some((a) => !allowAddress(a.address))) {
        return callback(
          Object.assign(new Error(`refused to connect to ${hostname}`), { code: 'EREFUSED_SSRF' }),
          '',
          0,
        )
      }
      if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, list)
      callback(null, list[0]!.address, list[0]!.family)
    })
  }
}

function checkUrl(raw: string, allowAddress: (ip: string) => boolean): URL {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new BadRequestError('image_url is not a valid URL.', 'invalid_image_url')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadRequestError('image_url must be http or https.', 'invalid_image_url')
  }
  // A literal address never goes through DNS lookup, so it is checked here.
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (isIP(host) && !allowAddress(host)) throw refused()
  return url
}

interface Hop {
  status: number
  location?: string
  body?: Buffer
}

function requestOnce(url: URL, opts: SafeFetchOptions, signal: AbortSignal): Promise<Hop> {
  const lookup = guardedLookup(opts.allowAddress)
  const lib = url.protocol === 'https:' ? https : http
  return new Promise<Hop>((resolve, reject) => {
    const req = lib.get(
      url,
      {
        // A fresh agent per hop: no pooled socket can skip the connect-time check.
        agent: new (url.protocol === 'https:' ? https.Agent : http.Agent)({ lookup }),
        lookup,
        signal,
        headers: { 'user-agent': 'Corkboard image fetcher', accept: 'image/*' },
      },
      (res) => {
        const status = res.statusCode ?? 0
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume()
          return resolve({ status, location: res.headers.location })
        }
        if (status !== 200) {
          res.resume()
          return resolve({ status })
        }
        const declared = Number(res.headers['content-length'] ?? NaN)
        if (declared > opts.maxBytes) {
          res.destroy()
          return reject(tooLarge())
        }
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > opts.maxBytes) {
            res.destroy()
            reject(tooLarge())
            return
          }
          chunks.push(chunk)
        })
        let ended = false
        res.on('end', () => {
          ended = true
          resolve({ status, body: Buffer.concat(chunks) })
        })
        res.on('error', reject)
        res.on('close', () => {
          if (!ended) reject(new Error('connection closed before the image was complete'))
        })
      },
    )
    req.on('error', reject)
  })
}

const tooLarge = () =>
  new BadRequestError('The image at image_url is larger than allowed.', 'image_too_large')

/**
 * Fetches a user-supplied image URL, SSRF-guarded: http(s) only, public unicast addresses only
 * (checked at connect time), every redirect re-checked, size and total time capped.
 */
export async function safeFetch(raw: string, opts: SafeFetchOptions): Promise<Buffer> {
  const signal = AbortSignal.timeout(opts.timeoutMs)
  let url = checkUrl(raw, opts.allowAddress)
  for (let hop = 0; hop <= opts.maxRedirects; hop++) {
    let res: Hop
    try {
      res = await requestOnce(url, opts, signal)
    } catch (err) {
      if (err instanceof BadRequestError) throw err
      if ((err as { code?: string }).code === 'EREFUSED_SSRF') throw refused()
      if (signal.aborted) {
        throw new BadRequestError('Fetching image_url took too long.', 'image_fetch_timeout')
      }
      throw new BadRequestError('Could not fetch image_url.', 'image_fetch_failed')
    }
    if (res.body) return res.body
    if (res.location === undefined) {
      throw new BadRequestError(
        `Fetching image_url answered HTTP ${res.status}.`,
        'image_fetch_failed',
      )
    }
    url = checkUrl(new URL(res.location, url).toString(), opts.allowAddress)
  }
  throw new BadRequestError('image_url redirects too many times.', 'image_fetch_failed')
}
