import { fork, type ChildProcess } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { cpus, release, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon, { type Request } from 'autocannon'
import pg from 'pg'

export interface Server {
  url: string
  child: ChildProcess
  stop(): Promise<void>
}

/**
 * The environment of a Corkboard server under measurement: its data in `dir`, logs quiet,
 * request rate limits out of reach, no demo content.
 */
export function benchServerEnv(dir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATA_DIR: dir,
    MEDIA_DIR: join(dir, 'media'),
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '100000000',
    SESSION_SECRET: 'bench-session-secret-bench-session-secret',
    PUBLIC_URL: 'http://127.0.0.1:3000',
    WEB_DIST_DIR: join(dir, 'no-web'),
    DEMO: 'off',
  }
}

/** The flags every benchmark takes: a short run, a failing exit below target, its data kept. */
export const BENCH_OPTIONS = {
  quick: { type: 'boolean', default: false },
  strict: { type: 'boolean', default: false },
  keep: { type: 'boolean', default: false },
} as const

/** The flags of a benchmark that drives server processes: repeated runs, a CPU profile. */
export const SERVER_BENCH_OPTIONS = {
  ...BENCH_OPTIONS,
  runs: { type: 'string', default: '1' },
  'cpu-prof': { type: 'string' },
} as const

/** Removes a benchmark's data dir, or (with --keep) keeps it and says where. */
export function removeUnlessKept(dir: string, keep: boolean) {
  if (!keep) rmSync(dir, { recursive: true, force: true })
  else console.log(`kept ${dir}`)
}

/** The report's `machine:` line: cores, CPU model, memory, kernel, Node. */
export function machineLine(): string {
  const cpu = cpus()
  return `machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}, Node ${process.version}`
}

/**
 * The report's `postgres:` line: what the PostgreSQL figures hang on beyond the machine — the
 * server's version, `shared_buffers`, and its huge pages (without them, each backend faults in
 * every 4 KB page of the buffers it touches the first time: expensive in a VM).
 */
export async function postgresLine(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ version: string; buffers: string; huge: string }>(
      `select current_setting('server_version') as version,
        current_setting('shared_buffers') as buffers, current_setting('huge_pages') as huge`,
    )
    const { version, buffers, huge } = rows[0]!
    return `postgres: ${version}, shared_buffers ${buffers}, huge_pages ${huge}${hugePagesHere(url)}`
  } finally {
    await client.end()
  }
}

/**
 * A checkpoint now (superuser, or pg_checkpoint): the next timed one is then a full
 * `checkpoint_timeout` away (5 min by default), so it does not land in the steps that follow.
 * Its end syncs every file written since the last one (here once 0.3 s, around a run that
 * failed with no stall of its own). False when PostgreSQL refuses it (a user not allowed one,
 * or any other error: the bench goes on without).
 */
export async function checkpoint(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('checkpoint')
    return true
  } catch {
    return false
  } finally {
    await client.end()
  }
}

/** Huge pages in use on this host (where PostgreSQL runs on this machine), for the report. */
function hugePagesHere(url: string): string {
  const host = new URL(url).hostname
  if (!['127.0.0.1', 'localhost', '[::1]', ''].includes(host)) return ''
  try {
    const info = readFileSync('/proc/meminfo', 'utf8')
    const field = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(info)?.[1] ?? 0)
    const used = field('HugePages_Total') - field('HugePages_Free') + field('HugePages_Rsvd')
    return ` (this host: ${used} of ${field('HugePages_Total')} huge pages in use)`
  } catch {
    return ''
  }
}

/**
 * The Node flags `npm start` gives the server (package.json's start script): every server a
 * benchmark starts runs with them, the ceilings too, so that each is measured as it would run.
 */
export const SERVER_NODE_FLAGS = startFlags()

/** The report's `servers:` line: how the servers under measurement were started. */
export const serversLine = () =>
  `servers: each in a child process, ${['node --import tsx', ...SERVER_NODE_FLAGS].join(' ')} (npm start's flags)`

function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>
  }
  const run = /\btsx((?: --[\w-]+(?:=\S+)?)*) server\/main\.ts/.exec(pkg.scripts.start ?? '')
  if (!run) throw new Error('package.json: the start script no longer runs `tsx … server/main.ts`')
  return run[1]!.trim().split(/\s+/).filter(Boolean)
}

/** Starts a server script in its own Node process (with tsx) and waits for its port. */
export function startServer(
  script: string,
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
  args: string[] = [],
): Promise<Server> {
  const path = fileURLToPath(new URL(script, import.meta.url))
  const child = fork(path, args, {
    env,
    execArgv: ['--import', 'tsx', ...SERVER_NODE_FLAGS, ...nodeArgs],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`${script} exited with ${code} before listening`)),
    )
    child.once('message', (msg: { port: number }) => {
      child.removeAllListeners('exit')
      resolve({
        url: `http://127.0.0.1:${msg.port}`,
        child,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done()
            child.once('exit', () => done())
            child.kill('SIGTERM')
            setTimeout(() => child.kill('SIGKILL'), 5000).unref()
          }),
      })
    })
  })
}

export interface Target {
  name: string
  /** the requests, rotated through by every connection */
  requests: { path: string; headers?: Record<string, string> }[]
}

export interface Measurement {
  name: string
  rps: number
  p50: number
  p99: number
  requests: number
  non2xx: number
  errors: number
  timeouts: number
}

export interface LoadSettings {
  connections: number
  duration: number
  warmup: number
}

function fire(url: string, target: Target, connections: number, duration: number) {
  let next = 0
  const requests = target.requests
  return autocannon({
    url,
    connections,
    duration,
    requests: [
      {
        method: 'GET',
        setupRequest: (req: Request) => {
          const r = requests[next++ % requests.length]!
          return { ...req, path: r.path, headers: { ...req.headers, ...r.headers } }
        },
      },
    ],
  })
}

/** A warm-up (discarded), then a timed run at a fixed number of connections. */
export async function measure(url: string, target: Target, s: LoadSettings): Promise<Measurement> {
  if (s.warmup > 0) await fire(url, target, s.connections, s.warmup)
  const r = await fire(url, target, s.connections, s.duration)
  return {
    name: target.name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  }
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** A database of its own on the PostgreSQL server, dropped at the end. */
export async function freshPgDatabase(adminUrl: string) {
  const name = `corkboard_bench_${process.pid}_${Date.now()}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
    },
  }
}
