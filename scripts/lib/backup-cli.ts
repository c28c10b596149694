import { parseArgs, type ParseArgsConfig } from 'node:util'
import { ConfigError, loadConfig, type Config } from '../../server/config'

/** Exit codes of `npm run backup` and `npm run restore` (docs/operations.md lists them). */
export const EXIT = {
  /** it failed: a read or write error, a damaged archive */
  failed: 1,
  /** it refused: a running server, a target that exists, a PostgreSQL database */
  refused: 2,
  /** the command line is wrong */
  usage: 64,
  /** the configuration (DATA_DIR, DATABASE_URL, …) is invalid */
  config: 78,
} as const

/** Thrown to end the script with a message and an exit code. */
export class Stop extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message)
  }
}

/**
 * The command line: `options`, and exactly one file named. A mistake ends the script with
 * `usage` and exit code 64.
 */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(
  options: O,
  usage: string,
) {
  let parsed
  try {
    parsed = parseArgs({ allowPositionals: true, options })
  } catch (err) {
    throw new Stop(`${(err as Error).message}\n${usage}`, EXIT.usage)
  }
  if (parsed.positionals.length !== 1) throw new Stop(usage, EXIT.usage)
  return { values: parsed.values, file: parsed.positionals[0]! }
}

/**
 * The instance's configuration, as the server would read it — or, with `--data-dir DIR`, the
 * default layout inside DIR (DIR/corkboard.db, DIR/media, DIR/session-secret), whatever
 * DATABASE_URL and MEDIA_DIR say. Loading it never creates a session secret.
 */
export function configFor(dataDir: string | undefined): Config {
  const env: NodeJS.ProcessEnv = { ...process.env }
  if (dataDir) {
    env.DATA_DIR = dataDir
    delete env.DATABASE_URL
    delete env.MEDIA_DIR
  }
  // loadConfig makes DATA_DIR/session-secret when SESSION_SECRET is unset; these scripts
  // copy that file, they must not make one.
  env.SESSION_SECRET ||= 'unused-by-backup-and-restore'
  try {
    return loadConfig(env)
  } catch (err) {
    if (err instanceof ConfigError)
      throw new Stop(`Configuration error: ${err.message}`, EXIT.config)
    throw err
  }
}

/** Whether the environment sets SESSION_SECRET (then there is no file to copy). */
export const secretFromEnvironment = () => Boolean(process.env.SESSION_SECRET)

/** Runs a script's main, printing a Stop's message and exiting with its code. */
export function runScript(main: () => Promise<void>) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      if (err instanceof Stop) {
        console.error(err.message)
        process.exit(err.code)
      }
      console.error(err instanceof Error ? (err.stack ?? err.message) : err)
      process.exit(EXIT.failed)
    },
  )
}
