import type { Logger } from 'pino'
import { STREAM_CLOSE_REVOKED } from '../../protocol/messages'
import type { BusEvent } from '../domain/events'
import type { Viewer } from '../domain/viewer'
import { closeSocket, type Connection } from './connections'
import type { StreamAccounts } from './ports'

/** The close code of a socket whose credential was revoked (logout, token deleted, …). */
export const REVOKED_CLOSE_CODE = STREAM_CLOSE_REVOKED
/**
 * How often every socket's credential is re-read from the database: the bound on how long a
 * revocation whose hint was lost with no outage to recover from (its instance died between
 * commit and publish) leaves a socket open.
 */
export const CREDENTIAL_RECHECK_MS = 60_000

/** Whether a revocation covers the credential a socket was opened with. */
export const revokedBy = (
  viewer: Viewer,
  event: Extract<BusEvent, { type: 'credentials.revoked' }>,
): boolean =>
  viewer.via === 'session'
    ? event.session_hashes === null || event.session_hashes.includes(viewer.sessionHash ?? '')
    : event.token_ids === null || event.token_ids.includes(viewer.tokenId ?? -1)

/** A socket's credential, revoked or re-checked: a socket whose credential is gone closes. */
export function createCredentialChecks(deps: { accounts: StreamAccounts; log: Logger }) {
  const { accounts, log } = deps

  /** The credential that opened the socket is gone: it closes, and nothing it sends counts. */
  function revoke(conn: Connection) {
    if (conn.revoked) return
    conn.revoked = true
    void closeSocket(conn.socket, REVOKED_CLOSE_CODE, 'credentials revoked')
  }

  /**
   * Closes every socket among `conns` whose credential no longer stands in the database: for
   * a socket opened while its credential was being revoked, and for a revocation whose bus
   * event was lost.
   */
  async function verify(conns: Connection[]) {
    const sessionHashes = conns.flatMap((c) => (c.viewer.sessionHash ? [c.viewer.sessionHash] : []))
    const tokenIds = conns.flatMap((c) =>
      c.viewer.tokenId !== undefined ? [c.viewer.tokenId] : [],
    )
    const standing = await accounts.standingCredentials({ sessionHashes, tokenIds })
    for (const conn of conns) {
      const { sessionHash, tokenId } = conn.viewer
      const stands =
        sessionHash !== undefined
          ? standing.sessionHashes.has(sessionHash)
          : tokenId !== undefined && standing.tokenIds.has(tokenId)
      if (!stands) revoke(conn)
    }
  }

  /**
   * A socket just registered: re-checked in the database (a revocation that committed while
   * it was opening is seen here; one committing later finds it registered). Its frames wait
   * for this; when the check itself fails, it closes to be tried again.
   */
  function verifyNew(conn: Connection) {
    conn.verified = verify([conn]).catch((err: unknown) => {
      log.warn({ err }, 'stream: could not check the credential; closing the socket')
      conn.revoked = true
      void closeSocket(conn.socket, 1011, 'try again')
    })
  }

  /** Re-checks every socket; `why` names the occasion in the warning when the check fails. */
  function verifyAll(conns: Connection[], why: string) {
    verify(conns).catch((err: unknown) => log.warn({ err }, `stream: ${why} failed`))
  }

  /** Re-checks every socket of `all()` every `everyMs`; returns what stops it. */
  function sweepEvery(everyMs: number, all: () => Connection[]) {
    const sweep = setInterval(() => verifyAll(all(), 'the periodic credential re-check'), everyMs)
    sweep.unref()
    return () => clearInterval(sweep)
  }

  return { revoke, verifyNew, verifyAll, sweepEvery }
}

export type CredentialChecks = ReturnType<typeof createCredentialChecks>
