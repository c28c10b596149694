/** `npm run bench -- <name> [options]`: runs one benchmark. */
const BENCHES: Record<string, () => Promise<{ main(argv: string[]): Promise<number> }>> = {
  analytics: () => import('./analytics'),
  api: () => import('./api'),
  messages: () => import('./messages'),
  search: () => import('./search'),
}

const [bench, ...rest] = process.argv.slice(2)
const load = bench ? BENCHES[bench] : undefined
if (!load) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [options]`)
  process.exit(64)
}
process.exitCode = await (await load()).main(rest)

export {}
