/** `npm run bench -- <name> [options]`: runs one benchmark. */
import { spawnSync } from 'node:child_process'

const BENCHES: Record<string, () => Promise<{ main(argv: string[]): Promise<number> }>> = {
  analytics: () => import('./analytics'),
  api: () => import('./api'),
  messages: () => import('./messages'),
  search: () => import('./search'),
}

/**
 * The messages bench's load generator runs with one V8 helper thread instead of Node's four:
 * on 2 cores its collections otherwise wait for a core behind the servers', and that wait lands
 * in every side's latencies, the ceilings' too (bench/README.md). The servers it starts are
 * forked with execArgv of their own: `npm start`'s flags (SERVER_NODE_FLAGS in measure.ts).
 */
const LOAD_GENERATOR_FLAGS: Record<string, string> = { messages: '--v8-pool-size=1' }

const [bench, ...rest] = process.argv.slice(2)
const load = bench ? BENCHES[bench] : undefined
if (!load) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [options]`)
  process.exit(64)
}
const flag = LOAD_GENERATOR_FLAGS[bench!]
if (flag && !process.execArgv.includes(flag)) {
  const child = spawnSync(process.execPath, [...process.execArgv, flag, ...process.argv.slice(1)], {
    stdio: 'inherit',
  })
  if (child.error) console.error(child.error)
  process.exitCode = child.status ?? 1
} else {
  process.exitCode = await (await load()).main(rest)
}

export {}
