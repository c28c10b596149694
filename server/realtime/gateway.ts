import type { Logger } from 'pino'
import type { WebSocket } from 'ws'
import type { EventBus } from '../domain/events'
import type { Presence } from '../domain/notifications/presence'
import type { Viewer } from '../domain/viewer'
import { closeSocket, createConnections } from './connections'
import { CREDENTIAL_RECHECK_MS, createCredentialChecks } from './credentials'
import { createFrameHandler } from './frames'
import { createLiveDelivery } from './live'
import type { StreamAccounts, StreamBrands, StreamMessaging, StreamNotices } from './ports'
import { createResume } from './resume'

export interface GatewayStats {
  connections: number
  /** so far: events held back for a gap in their conversation (another instance's event late) */
  held: number
  /** so far: gaps not filled within the hold (their sockets then read the gap back) */
  gaveUp: number
  /** so far: pages read from the database to bring a socket up to date (gaps, replays) */
  backfillReads: number
}

/**
 * The WebSocket side of Messages: `hello` with a cursor → replay → `ready` → live. Bus events
 * are hints; what a socket receives always comes from the database, and a socket that sees a
 * gap in a conversation's seq backfills it from there. One per process.
 *
 * Its parts: the sockets (connections.ts), their credentials (credentials.ts), resuming from
 * a cursor (resume.ts), bus events to sockets (live.ts) and frames from them (frames.ts).
 */
export function createGateway(deps: {
  bus: EventBus
  messaging: StreamMessaging
  /** a socket's credential is re-checked against the database when it opens and after an outage */
  accounts: StreamAccounts
  /** thank-you runs' progress to their brand's sockets (none: not sent) */
  brands?: StreamBrands
  /** notices to their person's sockets (none: not sent) */
  notices?: StreamNotices
  log: Logger
  /** who is online: told when a socket opens and when it closes */
  presence: Pick<Presence, 'online' | 'offline'>
  /** e.g. a short one in tests (default CREDENTIAL_RECHECK_MS) */
  credentialRecheckMs?: number
}) {
  const { bus, messaging, accounts, log, presence } = deps
  const connections = createConnections({ log, presence })
  const credentials = createCredentialChecks({ accounts, log })
  const resume = createResume({ messaging, connections, log })
  const parts = { messaging, connections, resume }
  const onFrame = createFrameHandler(parts, log)
  const live = createLiveDelivery(parts, credentials, deps.brands, deps.notices)
  const unsubscribe = bus.subscribe(live.onBusEvent)
  // a send then brings back what other instances wrote before it that is not passed on here yet
  messaging.trackSeen(live.lastPassed)
  const stopSweep = credentials.sweepEvery(
    deps.credentialRecheckMs ?? CREDENTIAL_RECHECK_MS,
    connections.all,
  )
  let closing = false

  return {
    /** The bus is down: other instances' events are not waited for until it is back. */
    busDown() {
      live.busDown()
    },

    /**
     * After a bus outage, every socket re-checks its credential (a revocation may have been
     * missed) and each of its conversations against the database.
     */
    recheckAll() {
      live.busUp()
      credentials.verifyAll(connections.all(), 're-checking credentials after an outage')
      for (const conn of connections.all()) resume.recheck(conn)
    },

    accept(socket: WebSocket, viewer: Viewer) {
      if (closing) return void closeSocket(socket, 1001, 'server shutting down')
      const conn = connections.add(socket, viewer)
      // Registered first, then re-checked: a revocation that committed while the socket was
      // opening is seen here, and one committing later finds the socket registered.
      credentials.verifyNew(conn)
      socket.on('message', (data, isBinary) => {
        if (conn.revoked) return
        void conn.verified.then(() => {
          if (!conn.revoked) onFrame(conn, data, isBinary)
        })
      })
    },

    stats(): GatewayStats {
      return {
        connections: connections.count(),
        ...live.reorderCounts(),
        backfillReads: resume.backfillReads(),
      }
    },

    /** Closes every socket with 1001 (going away); resolves once all are closed or dropped. */
    async close() {
      closing = true
      stopSweep()
      unsubscribe()
      await connections.closeAll()
    },
  }
}

export type Gateway = ReturnType<typeof createGateway>
