import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sqliteHandleOf } from '../../server/db/database'
import { loadContract, type Contract } from '../support/contract'
import { DIALECTS } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { callAs, signUp, type TestUser } from '../support/users'
import { createPin, makeBoard } from './pin-fixtures'

/**
 * Issue 11, items 8 and 14 (review): the one GET that writes, `GET /v5/pins/{pin_id}/source`
 * (a counted redirect), meets a full disk like any write: 503 `storage_full` with Retry-After.
 * The contract must say so, or a generated client meets a status it was never told of.
 */
const SOURCE = '/v5/pins/{pin_id}/source'

for (const dialect of DIALECTS) {
  describe(`the counted redirect documents its full-disk answer [${dialect}]`, () => {
    let t: TestApp
    let contract: Contract
    beforeAll(async () => {
      t = await createTestApp(dialect)
      contract = await loadContract(t.app)
    }, 30_000)
    afterAll(() => t?.close())

    it('GET /v5/pins/{pin_id}/source documents 503 with Retry-After', () => {
      const op = contract.find('GET', SOURCE)
      expect(op?.errorStatuses).toContain(503)
      expect(Object.keys(op?.responses['503']?.headers ?? {})).toContain('retry-after')
    })

    it.runIf(dialect === 'sqlite')(
      'a full disk answers it 503 storage_full, an answer the contract documents',
      async () => {
        const ana: TestUser = await signUp(t)
        const pin = await createPin(t, ana, await makeBoard(t, ana), {
          link: 'https://example.com/',
        })
        const sqlite = sqliteHandleOf(t.ctx.db)!
        const pages = sqlite.pragma('page_count', { simple: true }) as number
        sqlite.pragma(`max_page_count = ${pages}`)
        try {
          let full
          for (let i = 0; i < 2000 && !full; i++) {
            const res = await callAs(t, ana, { method: 'GET', url: `/v5/pins/${pin.id}/source` })
            if (res.statusCode !== 302) full = res
          }
          expect(full?.statusCode).toBe(503)
          expect(full?.json()).toMatchObject({ code: 503, reason: 'storage_full' })
          contract.check('GET', SOURCE, full!)
        } finally {
          sqlite.pragma('max_page_count = 1073741823')
        }
      },
    )
  })
}
