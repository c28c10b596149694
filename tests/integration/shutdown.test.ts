import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../support/dialects'
import { ServerProcess } from '../support/server-process'
import { freshUsername, signUp, type ApiUser } from '../support/users'
import { StreamClient } from '../support/stream-client'
import { startOneInstance, type OneInstance } from '../support/one-instance'
import type { SuiteStorage } from '../support/suite-storage'
import { waitFor } from '../support/wait'

/** A client text frame (masked, as RFC 6455 requires of clients); short payloads only. */
function maskedTextFrame(text: string) {
  const payload = Buffer.from(text)
  const mask = randomBytes(4)
  const masked = payload.map((b, i) => b ^ mask[i % 4]!)
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked])
}

/**
 * A stream client done by hand over TCP that, once upgraded and ready, ignores everything: it
 * never answers the close handshake and never closes its end.
 */
async function unresponsiveSocket(port: number, token: string) {
  const socket: Socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true })
  let received = Buffer.alloc(0)
  let ended = false
  socket.on('data', (d: Buffer) => (received = Buffer.concat([received, d])))
  socket.on('end', () => (ended = true))
  socket.on('close', () => (ended = true))
  socket.on('error', () => {})
  socket.write(
    [
      'GET /v5/stream HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      `Authorization: Bearer ${token}`,
      '',
      '',
    ].join('\r\n'),
  )
  await waitFor('the upgrade', () => received.includes('101 Switching Protocols'), 5000)
  socket.write(maskedTextFrame(JSON.stringify({ type: 'hello', cursor: null })))
  await waitFor('ready', () => received.includes('"type":"ready"'), 5000)
  return {
    socket,
    get ended() {
      return ended
    },
    /** a close frame (opcode 8) with code 1001 arrived */
    sawGoingAway: () =>
      received.some((b, i) => b === 0x88 && received[i + 2] === 0x03 && received[i + 3] === 0xe9),
  }
}

/**
 * A sign-up whose body is still on its way: the headers go now, the body when `finish` is
 * called; answers the status line that comes back.
 */
function requestInFlight(port: number) {
  const name = `late${randomBytes(4).toString('hex')}`
  const body = JSON.stringify({
    username: name,
    email: `${name}@example.com`,
    password: 'correct horse battery',
  })
  const socket = connect({ port, host: '127.0.0.1' })
  let received = ''
  socket.on('data', (d: Buffer) => (received += d.toString()))
  socket.on('error', () => {})
  socket.write(
    [
      'POST /v5/auth/signup HTTP/1.1',
      `Host: 127.0.0.1:${port}`,
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'X-Forwarded-For: 192.0.2.200',
      '',
      body.slice(0, 10),
    ].join('\r\n'),
  )
  return {
    async finish() {
      socket.write(body.slice(10))
      await waitFor('the answer', () => received.includes('\r\n\r\n'), 5000)
      socket.destroy()
      return received.split('\r\n')[0]
    },
  }
}

for (const dialect of DIALECTS) {
  describe(`SIGTERM with an unresponsive socket [${dialect}]`, () => {
    let instance: OneInstance
    let storage: SuiteStorage
    let server: ServerProcess
    let ana: ApiUser

    beforeAll(async () => {
      instance = await startOneInstance(dialect, 'shutdown', { LOG_LEVEL: 'info' })
      ;({ server, storage } = instance)
      ana = await signUp(server.url, freshUsername('ana'))
    }, 60_000)
    afterAll(async () => {
      await instance?.stop()
    })

    it('exits 0 within 5 s: a request in flight answered, sockets closed with 1001, the database closed cleanly', async () => {
      const normal = await StreamClient.ready(server.streamUrl, ana.token)
      const stuck = await unresponsiveSocket(server.port, ana.token)
      const child = (server as unknown as { child: import('node:child_process').ChildProcess })
        .child
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))

      const inFlight = requestInFlight(server.port)
      await new Promise((r) => setTimeout(r, 200))

      const started = Date.now()
      child.kill('SIGTERM')
      await new Promise((r) => setTimeout(r, 300))
      const answer = inFlight.finish()
      const code = await Promise.race([
        exited,
        new Promise<'hung'>((r) => setTimeout(() => r('hung'), 15_000)),
      ])
      const took = Date.now() - started

      expect({ code, lastLines: code === 0 ? [] : server.output.slice(-10) }).toEqual({
        code: 0,
        lastLines: [],
      })
      expect(took).toBeLessThan(5000)
      // the request in flight was finished, not cut off
      expect(await answer).toBe('HTTP/1.1 201 Created')
      await waitFor('the normal socket to close', () => normal.closed !== null, 2000)
      expect(normal.closed).toEqual({ code: 1001 })
      expect(stuck.sawGoingAway()).toBe(true)
      await waitFor('the unresponsive socket to be dropped', () => stuck.ended, 2000)
      stuck.socket.destroy()

      // everything after the sockets was closed too: jobs, mail, Redis, the database
      expect(server.output.some((l) => l.includes('shut down cleanly'))).toBe(true)
      // SQLite removes its write-ahead log when the last connection closes cleanly
      if (dialect === 'sqlite')
        expect(existsSync(join(storage.dir, 'corkboard.db-wal'))).toBe(false)
    }, 30_000)
  })
}
