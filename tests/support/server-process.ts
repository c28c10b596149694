import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import { nodeArgs } from './bundled'
import { freshUsername, signUp, type ApiUser } from './users'

const ROOT = resolve(import.meta.dirname, '../..')

/**
 * The real server as a child process (`node --import tsx server/main.ts`, or the same code
 * bundled once per run by the global setup), for the suites
 * that kill it, restart it, or run several instances. Each start waits for /readyz.
 */
export class ServerProcess {
  private child: ChildProcess | null = null
  /** the last lines it wrote, for a failing test's message */
  readonly output: string[] = []
  starts = 0

  constructor(
    readonly port: number,
    readonly env: Record<string, string>,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`
  }

  get streamUrl() {
    return `ws://127.0.0.1:${this.port}/v5/stream`
  }

  async start(timeoutMs = 60_000): Promise<void> {
    if (this.child) throw new Error('already running')
    const child = spawn(process.execPath, nodeArgs('server/main.ts'), {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: String(this.port),
        HOST: '127.0.0.1',
        PUBLIC_URL: `http://127.0.0.1:${this.port}`,
        DEMO: 'off',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_MINUTE: '1000000',
        // the tests stand in for a reverse proxy: each client names its address
        TRUST_PROXY: '1',
        SESSION_SECRET: 'test-secret-test-secret-test-secret',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.child = child
    this.starts++
    const keep = (chunk: Buffer) => {
      this.output.push(...chunk.toString().split('\n').filter(Boolean))
      if (this.output.length > 200) this.output.splice(0, this.output.length - 200)
    }
    child.stdout!.on('data', keep)
    child.stderr!.on('data', keep)
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code, signal) => {
        if (this.child === child) this.child = null
        reject(
          new Error(`server exited (${code ?? signal}):\n${this.output.slice(-20).join('\n')}`),
        )
      }),
    )
    exited.catch(() => {})
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const up = await Promise.race([
        fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(1000) }).then(
          (r) => r.ok,
          () => false,
        ),
        exited,
      ])
      if (up) return
      if (Date.now() > deadline) {
        await this.kill()
        throw new Error(`server did not get ready:\n${this.output.slice(-20).join('\n')}`)
      }
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  /** Kills it at once (SIGKILL by default) and waits until it has exited. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child
    if (!child) return
    const gone = new Promise((r) => child.once('exit', r))
    child.kill(signal)
    await gone
  }

  /** A graceful stop (SIGTERM). */
  stop() {
    return this.kill('SIGTERM')
  }
}

/** A JSON answer, loosely typed: tests read the fields they expect. */
export type JsonBody = Record<string, unknown>

/** Calls the JSON API of a server process as one user (bearer token) or anonymously. */
export async function api(
  baseUrl: string,
  method: string,
  path: string,
  opts: {
    token?: string
    body?: unknown
    headers?: Record<string, string>
    timeoutMs?: number
  } = {},
): Promise<{ status: number; body: JsonBody; headers: Headers }> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: {
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...opts.headers,
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
  })
  const text = await res.text()
  let body: unknown = text
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    // not JSON
  }
  return { status: res.status, body: body as JsonBody, headers: res.headers }
}

const expectStatus = (
  what: string,
  res: { status: number; body: JsonBody },
  ...ok: number[]
): JsonBody => {
  if (!ok.includes(res.status)) {
    throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`)
  }
  return res.body
}

export async function followOver(baseUrl: string, a: ApiUser, b: ApiUser) {
  expectStatus(
    'follow',
    await api(baseUrl, 'POST', `/v5/user_account/following/${b.username}`, { token: a.token }),
    200,
    201,
    204,
  )
}

export async function mutualOver(baseUrl: string, a: ApiUser, ...others: ApiUser[]) {
  for (const b of others) {
    await followOver(baseUrl, a, b)
    await followOver(baseUrl, b, a)
  }
}

export async function conversationOver(baseUrl: string, creator: ApiUser, others: ApiUser[]) {
  return expectStatus(
    'create conversation',
    await api(baseUrl, 'POST', '/v5/conversations', {
      token: creator.token,
      body: { participants: others.map((o) => o.username) },
    }),
    201,
    200,
  ).id as string
}

/** Two people, ana and bo, who follow each other, and their 1:1 conversation. */
export async function pairOver(baseUrl: string) {
  const ana = await signUp(baseUrl, freshUsername('ana'))
  const bo = await signUp(baseUrl, freshUsername('bo'))
  await mutualOver(baseUrl, ana, bo)
  return { ana, bo, conversation: await conversationOver(baseUrl, ana, [bo]) }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
