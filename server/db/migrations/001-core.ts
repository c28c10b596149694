import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely'
import type { Dialect } from '../database'

type Db = Kysely<unknown>

/** An auto-incrementing integer primary key on either dialect. */
export function idColumn(dialect: Dialect) {
  return dialect === 'postgres'
    ? ([sql`bigserial`, (c: ColumnDefinitionBuilder) => c.primaryKey()] as const)
    : (['integer', (c: ColumnDefinitionBuilder) => c.primaryKey().autoIncrement()] as const)
}

export async function up(db: Db, dialect: Dialect): Promise<void> {
  const [idType, idDef] = idColumn(dialect)
  const ref = dialect === 'postgres' ? 'bigint' : 'integer'

  await db.schema
    .createTable('users')
    .addColumn('id', idType, idDef)
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('account_type', 'text', (c) => c.notNull().defaultTo('PINNER'))
    .addColumn('business_name', 'text')
    .addColumn('about', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('website_url', 'text')
    .addColumn('profile_image_key', 'text')
    .addColumn('message_policy', 'text', (c) => c.notNull().defaultTo('mutual'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute()

  await db.schema
    .createTable('access_tokens')
    .addColumn('id', idType, idDef)
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute()
  await db.schema.createIndex('access_tokens_user').on('access_tokens').column('user_id').execute()

  await db.schema
    .createTable('follows')
    .addColumn('follower_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('followee_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('follows_pk', ['follower_id', 'followee_id'])
    .execute()
  await db.schema
    .createIndex('follows_followee')
    .on('follows')
    .columns(['followee_id', 'follower_id'])
    .execute()

  await db.schema
    .createTable('blocks')
    .addColumn('blocker_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('blocked_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('blocks_pk', ['blocker_id', 'blocked_id'])
    .execute()
  await db.schema
    .createIndex('blocks_blocked')
    .on('blocks')
    .columns(['blocked_id', 'blocker_id'])
    .execute()

  await db.schema
    .createTable('boards')
    .addColumn('id', idType, idDef)
    .addColumn('owner_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('privacy', 'text', (c) => c.notNull().defaultTo('PUBLIC'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('boards_owner_name', ['owner_id', 'name'])
    .execute()

  await db.schema
    .createTable('board_follows')
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('board_id', ref, (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('board_follows_pk', ['user_id', 'board_id'])
    .execute()
  await db.schema
    .createIndex('board_follows_board')
    .on('board_follows')
    .columns(['board_id', 'user_id'])
    .execute()

  await db.schema
    .createTable('board_sections')
    .addColumn('id', idType, idDef)
    .addColumn('board_id', ref, (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('board_sections_board')
    .on('board_sections')
    .column('board_id')
    .execute()

  await db.schema
    .createTable('media')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('dominant_color', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('pins')
    .addColumn('id', idType, idDef)
    .addColumn('owner_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('board_id', ref, (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('board_section_id', ref, (c) =>
      c.references('board_sections.id').onDelete('set null'),
    )
    .addColumn('secret', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('link', 'text')
    .addColumn('alt_text', 'text')
    .addColumn('media_key', 'text', (c) => c.notNull().references('media.key'))
    .addColumn('parent_pin_id', ref, (c) => c.references('pins.id').onDelete('set null'))
    .addColumn('source_domain', 'text')
    .addColumn('save_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('like_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('click_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('pins_board').on('pins').columns(['board_id', 'id']).execute()
  await db.schema.createIndex('pins_owner').on('pins').columns(['owner_id', 'id']).execute()
  await db.schema
    .createIndex('pins_section')
    .on('pins')
    .columns(['board_section_id', 'id'])
    .execute()
  await db.schema.createIndex('pins_media').on('pins').column('media_key').execute()
  await db.schema.createIndex('pins_parent').on('pins').column('parent_pin_id').execute()
  await db.schema
    .createIndex('pins_popular')
    .on('pins')
    .columns(['secret', 'save_count desc', 'id desc'])
    .execute()

  await db.schema
    .createTable('pin_likes')
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('pin_id', ref, (c) => c.notNull().references('pins.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('pin_likes_pk', ['user_id', 'pin_id'])
    .execute()
  await db.schema.createIndex('pin_likes_pin').on('pin_likes').column('pin_id').execute()

  await db.schema
    .createTable('pin_clicks')
    .addColumn('id', idType, idDef)
    .addColumn('pin_id', ref, (c) => c.notNull().references('pins.id').onDelete('cascade'))
    .addColumn('user_id', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('via', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('pin_clicks_pin').on('pin_clicks').column('pin_id').execute()
}
