/**
 * Roles from the shell, on the configured database (DATABASE_URL, else DATA_DIR's SQLite file),
 * whether or not the server runs:
 *
 *   npm run admin -- grant <username> [admin|moderator]   (moderator unless told)
 *   npm run admin -- revoke <username>
 *   npm run admin -- list
 *
 * Changes are written to the audit log with no actor (the shell). Exit codes: 0 done (or
 * nothing to change), 64 usage, 67 no such account, 78 configuration error, 1 anything else.
 */
import { ConfigError, loadConfig } from '../server/config'
import { openDatabase, type DbHandle } from '../server/db/database'
import { migrate } from '../server/db/migrate'
import { listRoles, setRole, type RoleChange } from '../server/domain/moderation/instance'
import type { Role } from '../server/domain/moderation/roles'

const USAGE = `Usage:
  npm run admin -- grant <username> [admin|moderator]   give a role (moderator unless told)
  npm run admin -- revoke <username>                    take the role away
  npm run admin -- list                                 who holds a role`

const EXIT = { usage: 64, noUser: 67, config: 78, failed: 1 } as const

class Exit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}

function usage(problem?: string): never {
  throw new Exit(EXIT.usage, problem ? `${problem}\n\n${USAGE}` : USAGE)
}

/** The command line as one of the three commands, or a usage error. */
function parse(args: string[]) {
  const [command, username, role, ...extra] = args
  if (command === 'list') {
    if (username !== undefined) usage('list takes no arguments.')
    return { command } as const
  }
  if (command === 'grant' || command === 'revoke') {
    if (!username) usage(`${command} needs a username.`)
    if (extra.length || (command === 'revoke' && role !== undefined)) {
      usage(`Too many arguments for ${command}.`)
    }
    if (role !== undefined && role !== 'admin' && role !== 'moderator') {
      usage(`Unknown role "${role}": admin or moderator.`)
    }
    return { command, username, role: (role ?? 'moderator') as Role } as const
  }
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    usage()
  }
  usage(`Unknown command "${command}".`)
}

/** The database URL without its password, for messages. */
const redact = (url: string) => url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@')

function describe(change: RoleChange, username: string, wanted: Role | null): string {
  if (!change.ok) {
    throw change.reason === 'no_such_user'
      ? new Exit(EXIT.noUser, `No account is named "${username}".`)
      : new Exit(EXIT.failed, `"${username}" is a deleted account: it cannot hold a role.`)
  }
  const who = change.username
  if (!change.changed) {
    return wanted === null
      ? `${who} holds no role: nothing to revoke.`
      : `${who} is already ${a(wanted)}.`
  }
  if (wanted === null) return `${who} is no longer ${a(change.previous!)}.`
  return change.previous
    ? `${who} is now ${a(wanted)} (was ${a(change.previous)}).`
    : `${who} is now ${a(wanted)}.`
}

const a = (role: Role) => (role === 'admin' ? 'an admin' : 'a moderator')

async function run(args: string[]): Promise<string> {
  const cmd = parse(args)
  let config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError)
      throw new Exit(EXIT.config, `Configuration error: ${err.message}`)
    throw err
  }
  let handle: DbHandle | undefined
  try {
    handle = openDatabase({
      dialect: config.dialect,
      sqlitePath: config.sqlitePath,
      url: config.databaseUrl,
      poolSize: 1,
    })
    await migrate(handle.db, handle.dialect)
    if (cmd.command === 'list') {
      const staff = await listRoles(handle.db)
      if (staff.length === 0) return 'No one holds a role.'
      const width = Math.max(...staff.map((s) => s.username.length))
      return staff
        .map(
          (s) =>
            `${s.role.padEnd(9)} ${s.username.padEnd(width)}  ${s.email}${s.suspended ? '  (suspended)' : ''}`,
        )
        .join('\n')
    }
    const wanted = cmd.command === 'grant' ? cmd.role : null
    const change = await setRole(handle.db, cmd.username, wanted, null)
    return describe(change, cmd.username, wanted)
  } catch (err) {
    if (err instanceof Exit) throw err
    const why = err instanceof Error ? err.message : String(err)
    throw new Exit(
      EXIT.failed,
      `Could not work on the database (${config.dialect}, ${redact(config.databaseUrl)}): ${why}`,
    )
  } finally {
    await handle?.close().catch(() => {})
  }
}

try {
  console.log(await run(process.argv.slice(2)))
  process.exit(0)
} catch (err) {
  if (err instanceof Exit) {
    console.error(err.message)
    process.exit(err.code)
  }
  throw err
}
