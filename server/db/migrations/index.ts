import type { Kysely } from 'kysely'
import type { Dialect } from '../database'
import * as m001 from './001-core'
import * as m002 from './002-pin-feed-indexes'
import * as m003 from './003-messaging'
import * as m004 from './004-feed-items'
import * as m005 from './005-search'
import * as m006 from './006-jobs-and-mail'
import * as m007 from './007-invites'
import * as m008 from './008-unread-digests'
import * as m009 from './009-search-public-statistics'
import * as m010 from './010-brands'
import * as m011 from './011-analytics-owner-days'
import * as m012 from './012-feed-collapse'
import * as m013 from './013-saved-pins'
import * as m014 from './014-account-recovery'
import * as m015 from './015-onboarding'
import * as m016 from './016-moderation'
import * as m017 from './017-send-function'
import * as m018 from './018-search-postings'
import * as m019 from './019-messages-beyond'
import * as m020 from './020-decide-together'
import * as m021 from './021-credit-deja-vu'
import * as m022 from './022-email-replies'
import * as m023 from './023-search-facts'
import * as m024 from './024-send-function-by-key'
import * as m025 from './025-send-function-generic-plans'
import * as m026 from './026-send-function-preceding'
import * as m027 from './027-stream-baselines'
import * as m028 from './028-reaction-positions'
import * as m029 from './029-attachment-index-partial'

interface Migration {
  name: string
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>
}

/** Numbered migrations, applied in this order, each exactly once, each in a transaction. */
export const MIGRATIONS: readonly Migration[] = [
  { name: '001-core', up: m001.up },
  { name: '002-pin-feed-indexes', up: m002.up },
  { name: '003-messaging', up: m003.up },
  { name: '004-feed-items', up: m004.up },
  { name: '005-search', up: m005.up },
  { name: '006-jobs-and-mail', up: m006.up },
  { name: '007-invites', up: m007.up },
  { name: '008-unread-digests', up: m008.up },
  { name: '009-search-public-statistics', up: m009.up },
  { name: '010-brands', up: m010.up },
  { name: '011-analytics-owner-days', up: m011.up },
  { name: '012-feed-collapse', up: m012.up },
  { name: '013-saved-pins', up: m013.up },
  { name: '014-account-recovery', up: m014.up },
  { name: '015-onboarding', up: m015.up },
  { name: '016-moderation', up: m016.up },
  { name: '017-send-function', up: m017.up },
  { name: '018-search-postings', up: m018.up },
  { name: '019-messages-beyond', up: m019.up },
  { name: '020-decide-together', up: m020.up },
  { name: '021-credit-deja-vu', up: m021.up },
  { name: '022-email-replies', up: m022.up },
  { name: '023-search-facts', up: m023.up },
  { name: '024-send-function-by-key', up: m024.up },
  { name: '025-send-function-generic-plans', up: m025.up },
  { name: '026-send-function-preceding', up: m026.up },
  { name: '027-stream-baselines', up: m027.up },
  { name: '028-reaction-positions', up: m028.up },
  { name: '029-attachment-index-partial', up: m029.up },
]
