import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { freePort } from './ports'

/**
 * Redis for the scale-out suites. Each suite runs a redis-server of its own (a free port, a
 * temp --dir, nothing persisted), so it may stop and restart it without touching the Redis
 * other work relies on. Mandatory with CI=true; elsewhere skipped, loudly, without the binary.
 */
function detect(): boolean {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' })
  if (probe.status === 0) return true
  if (process.env.CI === 'true') throw new Error('CI=true but redis-server is not installed')
  console.warn('\n  ⚠ redis-server not found: the Redis (scale-out) suites are SKIPPED.\n')
  return false
}

export const REDIS_AVAILABLE: boolean = detect()

export interface PrivateRedis {
  url: string
  port: number
  /** Kills the server at once (SIGKILL): every connection drops, nothing is kept. */
  kill(): Promise<void>
  /** Starts it again on the same port; resolves once it answers PING. */
  start(): Promise<void>
  /** Stops it for good and removes its folder. */
  stop(): Promise<void>
}

async function waitForPing(url: string, ms = 10_000) {
  const deadline = Date.now() + ms
  for (;;) {
    const client = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    })
    client.on('error', () => {})
    try {
      await client.connect()
      if ((await client.ping()) === 'PONG') return
    } catch {
      if (Date.now() > deadline) throw new Error(`redis at ${url} did not come up`)
      await new Promise((r) => setTimeout(r, 50))
    } finally {
      client.disconnect()
    }
  }
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'corkboard-redis-'))
  const url = `redis://127.0.0.1:${port}`
  let child: ChildProcess | null = null

  const start = async () => {
    if (child) return
    const proc = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: 'ignore' },
    )
    child = proc
    proc.once('exit', () => {
      if (child === proc) child = null
    })
    await waitForPing(url)
  }
  const kill = async () => {
    const proc = child
    if (!proc) return
    const exited = new Promise((r) => proc.once('exit', r))
    proc.kill('SIGKILL')
    await exited
  }
  await start()
  return {
    url,
    port,
    kill,
    start,
    async stop() {
      await kill()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
