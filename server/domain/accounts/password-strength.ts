import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { BadRequestError, RateLimitedError } from '../../errors'

/** zxcvbn's 0–4 score under which a password is refused ("too guessable" and below). */
const MIN_SCORE = 2

/**
 * zxcvbn scores this many characters at most: its matchers grow much faster than the length
 * (a random 32-character password took 77 ms to score, 64 characters 650 ms, 256 up to 4 s).
 * A longer password is judged by its first 40: hard to guess there, hard to guess in all.
 */
export const SCORED_LENGTH = 40

/** checks waiting for the checker at most; beyond, a new password is refused for a moment */
const MAX_WAITING = 32

/**
 * The checker runs in a worker thread of its own: scoring takes tens to hundreds of
 * milliseconds of CPU, which on the event loop would hold up every request and socket, and
 * its dictionaries (236,000 words, 30 MB of heap once ranked) stay out of the main heap.
 * Plain JavaScript, so that it runs the same under every loader (tsx, the tests').
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { ZxcvbnFactory } = require(workerData.core)
const common = require(workerData.common)
const en = require(workerData.en)
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
  translations: en.translations,
  maxLength: workerData.maxLength,
})
parentPort.on('message', ({ id, password, inputs }) => {
  try {
    const { score, feedback } = zxcvbn.check(password, inputs)
    parentPort.postMessage({ id, score, advice: [feedback.warning, ...feedback.suggestions] })
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.message || err) })
  }
})
`

/** the checker's answer to one check: zxcvbn's score and advice, or what went wrong */
type Verdict =
  | { id: number; score: number; advice: (string | null)[]; error?: undefined }
  | { id: number; error: string }

interface Waiting {
  resolve(verdict: Verdict): void
  reject(error: Error): void
}

let worker: Worker | undefined
const waiting = new Map<number, Waiting>()
let nextId = 0

/** The checker, started on the first check (loading its dictionaries takes ~0.3 s, there). */
function checker(): Worker {
  if (worker) return worker
  const resolve = createRequire(import.meta.url).resolve
  const started = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      core: resolve('@zxcvbn-ts/core'),
      common: resolve('@zxcvbn-ts/language-common'),
      en: resolve('@zxcvbn-ts/language-en'),
      maxLength: SCORED_LENGTH,
    },
  })
  started.on('message', (verdict: Verdict) => {
    const w = waiting.get(verdict.id)
    waiting.delete(verdict.id)
    if (waiting.size === 0) started.unref()
    w?.resolve(verdict)
  })
  // a checker that failed or stopped: its checks fail, the next one starts a fresh checker
  const lost = (err: Error) => {
    if (worker === started) worker = undefined
    for (const w of waiting.values()) w.reject(err)
    waiting.clear()
  }
  started.on('error', lost)
  started.on('exit', (code) => lost(new Error(`password checker exited (${code})`)))
  worker = started
  return started
}

function score(password: string, inputs: string[]): Promise<Verdict> {
  if (waiting.size >= MAX_WAITING) {
    throw new RateLimitedError(1, 'overloaded', 'Too many passwords are being checked right now')
  }
  const id = nextId++
  const w = checker()
  return new Promise<Verdict>((resolve, reject) => {
    waiting.set(id, { resolve, reject })
    // it keeps the process alive while it has checks to answer, never when idle
    w.ref()
    w.postMessage({ id, password, inputs })
  })
}

/**
 * Refuses a password found in the lists of common ones, or one too close to the account's own
 * name or address (`userInputs`), with zxcvbn's own warning and suggestion in the message.
 */
async function assertStrongPassword(password: string, userInputs: string[]) {
  const inputs = userInputs.flatMap((s) => {
    const value = s.trim().toLowerCase()
    // the address's local part is what people reuse
    return value.includes('@') ? [value, value.split('@')[0]!] : [value]
  })
  const verdict = await score(password, inputs.filter(Boolean))
  if (verdict.error !== undefined) throw new Error(`password checker: ${verdict.error}`)
  if (verdict.score >= MIN_SCORE) return
  const advice = verdict.advice.filter(Boolean)
  throw new BadRequestError(
    `That password is too easy to guess.${advice.length ? ` ${advice.join(' ')}` : ''}`,
    'weak_password',
  )
}

/** A new password (sign-up, change): 8 to 256 characters, and not too easy to guess. */
export async function checkNewPassword(password: string, userInputs: string[]): Promise<void> {
  if (password.length < 8 || password.length > 256) {
    throw new BadRequestError('password must be 8 to 256 characters.', 'invalid_password')
  }
  await assertStrongPassword(password, userInputs)
}
