import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from 'pino'
import yazl from 'yazl'
import type { Db } from '../../db/database'
import type { MediaService } from '../media/service'
import { visibleToMember } from '../messaging/message-repository'

/**
 * The ZIP of an export (see data-export.ts): account.json, boards.json (with sections),
 * pins.json and images/<key>.jpg (the largest size kept of each picture), following.json,
 * followers.json, blocks.json, conversations/<id>.json (the messages the person could see, as
 * messaging shows them to a member) and README.txt.
 */

const README = `This is everything your Corkboard account holds, as it was when this file was made.

account.json      your profile and settings
boards.json       your boards, each with its sections
pins.json         your pins (and saves); each names its picture under images/
images/           the pictures of your pins and your profile, the largest size kept
following.json    the people and boards you follow
followers.json    the people who follow you
blocks.json       the people you blocked
conversations/    one file per conversation you are or were in, with the messages you could see

Times are UTC (ISO 8601); ids are the ones the Corkboard API uses.
`

/** Everything of the account the export holds, read from the database. */
async function collect(db: Db, userId: number) {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', userId)
    .executeTakeFirstOrThrow()
  const boards = await db
    .selectFrom('boards')
    .selectAll()
    .where('owner_id', '=', userId)
    .orderBy('id')
    .execute()
  const sections = boards.length
    ? await db
        .selectFrom('board_sections')
        .selectAll()
        .where(
          'board_id',
          'in',
          boards.map((b) => b.id),
        )
        .orderBy('id')
        .execute()
    : []
  const pins = await db
    .selectFrom('pins')
    .selectAll()
    .where('owner_id', '=', userId)
    .orderBy('id')
    .execute()
  const following = await db
    .selectFrom('follows as f')
    .innerJoin('users as u', 'u.id', 'f.followee_id')
    .select(['u.username', 'f.created_at'])
    .where('f.follower_id', '=', userId)
    .where('u.deleted_at', 'is', null)
    .orderBy('f.created_at')
    .orderBy('u.username')
    .execute()
  const followingBoards = await db
    .selectFrom('board_follows as bf')
    .innerJoin('boards as b', 'b.id', 'bf.board_id')
    .innerJoin('users as u', 'u.id', 'b.owner_id')
    .select(['b.id', 'b.name', 'u.username as owner', 'bf.created_at'])
    .where('bf.user_id', '=', userId)
    .orderBy('bf.created_at')
    .orderBy('b.id')
    .execute()
  const followers = await db
    .selectFrom('follows as f')
    .innerJoin('users as u', 'u.id', 'f.follower_id')
    .select(['u.username', 'f.created_at'])
    .where('f.followee_id', '=', userId)
    .where('u.deleted_at', 'is', null)
    .orderBy('f.created_at')
    .orderBy('u.username')
    .execute()
  const blocks = await db
    .selectFrom('blocks as bl')
    .innerJoin('users as u', 'u.id', 'bl.blocked_id')
    .select(['u.username', 'bl.created_at'])
    .where('bl.blocker_id', '=', userId)
    .where('u.deleted_at', 'is', null)
    .orderBy('bl.created_at')
    .orderBy('u.username')
    .execute()
  const conversations = await db
    .selectFrom('conversation_members as cm')
    .innerJoin('conversations as c', 'c.id', 'cm.conversation_id')
    .select(['c.id', 'c.is_group', 'c.title', 'c.created_at', 'cm.joined_at', 'cm.left_seq'])
    .where('cm.user_id', '=', userId)
    .orderBy('c.id')
    .execute()
  const conversationIds = conversations.map((c) => c.id)
  const members = conversationIds.length
    ? await db
        .selectFrom('conversation_members as cm')
        .innerJoin('users as u', 'u.id', 'cm.user_id')
        .select(['cm.conversation_id', 'u.username', 'u.deleted_at', 'cm.left_seq'])
        .where('cm.conversation_id', 'in', conversationIds)
        .orderBy('cm.conversation_id')
        .orderBy('u.username')
        .execute()
    : []
  const messages = conversationIds.length
    ? await db
        .selectFrom('messages as msg')
        .innerJoin('conversation_members as cm', (j) =>
          j.onRef('cm.conversation_id', '=', 'msg.conversation_id').on('cm.user_id', '=', userId),
        )
        .innerJoin('conversations as c', 'c.id', 'msg.conversation_id')
        .innerJoin('users as su', 'su.id', 'msg.sender_id')
        .select([
          'msg.id',
          'msg.conversation_id',
          'msg.seq',
          'su.username as sender',
          'su.deleted_at as sender_deleted_at',
          'msg.created_at',
          'msg.text',
          'msg.attachment_type',
          'msg.attachment_id',
        ])
        .where(visibleToMember)
        .orderBy('msg.conversation_id')
        .orderBy('msg.seq')
        .execute()
    : []
  return {
    user,
    boards,
    sections,
    pins,
    following,
    followingBoards,
    followers,
    blocks,
    conversations,
    members,
    messages,
  }
}

/** The ZIP's entries: its JSON files by name, and the pictures (media keys) it carries. */
function entries(data: Awaited<ReturnType<typeof collect>>) {
  const { user } = data
  const image = (key: string | null) => (key ? `images/${key}.jpg` : null)
  const files = new Map<string, unknown>()
  files.set('account.json', {
    username: user.username,
    email: user.email,
    account_type: user.account_type,
    business_name: user.business_name,
    about: user.about,
    website_url: user.website_url,
    profile_image: image(user.profile_image_key),
    created_at: user.created_at,
    settings: {
      message_policy: user.message_policy,
      unread_digest_email: Number(user.unread_digest_email) === 1,
    },
  })
  files.set(
    'boards.json',
    data.boards.map((b) => ({
      id: String(b.id),
      name: b.name,
      description: b.description,
      privacy: b.privacy,
      created_at: b.created_at,
      sections: data.sections
        .filter((s) => Number(s.board_id) === Number(b.id))
        .map((s) => ({ id: String(s.id), name: s.name, created_at: s.created_at })),
    })),
  )
  files.set(
    'pins.json',
    data.pins.map((p) => ({
      id: String(p.id),
      board_id: String(p.board_id),
      board_section_id: p.board_section_id === null ? null : String(p.board_section_id),
      title: p.title,
      description: p.description,
      link: p.link,
      alt_text: p.alt_text,
      image: image(p.media_key),
      saved_from_pin_id: p.parent_pin_id === null ? null : String(p.parent_pin_id),
      created_at: p.created_at,
    })),
  )
  files.set('following.json', {
    people: data.following,
    boards: data.followingBoards.map((b) => ({
      id: String(b.id),
      name: b.name,
      owner: b.owner,
      created_at: b.created_at,
    })),
  })
  files.set('followers.json', data.followers)
  files.set('blocks.json', data.blocks)
  for (const c of data.conversations) {
    const id = Number(c.id)
    files.set(`conversations/${id}.json`, {
      id: String(id),
      is_group: Number(c.is_group) === 1,
      title: c.title,
      created_at: c.created_at,
      joined_at: c.joined_at,
      left: c.left_seq !== null,
      members: data.members
        .filter((m) => Number(m.conversation_id) === id)
        .map((m) => ({
          username: m.deleted_at ? 'Deleted account' : m.username,
          left: m.left_seq !== null,
        })),
      messages: data.messages
        .filter((m) => Number(m.conversation_id) === id)
        .map((m) => ({
          id: String(m.id),
          seq: Number(m.seq),
          sender: m.sender_deleted_at ? 'Deleted account' : m.sender,
          created_at: m.created_at,
          text: m.text,
          attachment:
            m.attachment_type === null || m.attachment_id === null
              ? null
              : { type: m.attachment_type, id: String(m.attachment_id) },
        })),
    })
  }
  const images = new Set<string>()
  if (user.profile_image_key) images.add(user.profile_image_key)
  for (const p of data.pins) images.add(p.media_key)
  return { files, images: [...images].sort() }
}

/** Writes the ZIP under a temporary name, then renames it: a reader never sees half of one. */
export async function writeExportZip(
  deps: { db: Db; media: Pick<MediaService, 'filePath'>; exportsDir: string; log: Logger },
  userId: number,
): Promise<{ key: string; size: number }> {
  const { exportsDir, log } = deps
  const { files, images } = entries(await collect(deps.db, userId))
  await mkdir(exportsDir, { recursive: true })
  const key = `${randomBytes(16).toString('hex')}.zip`
  const tmp = join(exportsDir, `.${key}.tmp`)
  const zip = new yazl.ZipFile()
  const mtime = new Date()
  zip.addBuffer(Buffer.from(README), 'README.txt', { mtime })
  for (const [name, value] of files) {
    zip.addBuffer(Buffer.from(JSON.stringify(value, null, 2) + '\n'), name, { mtime })
  }
  for (const mediaKey of images) {
    const path = deps.media.filePath(mediaKey, '1200x')
    const info = await stat(path).catch(() => null)
    if (info?.isFile()) zip.addFile(path, `images/${mediaKey}.jpg`, { mtime, compress: false })
    else log.warn({ mediaKey }, 'data export: a picture is missing on disk')
  }
  try {
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(tmp)
      out.on('close', () => resolve())
      out.on('error', reject)
      zip.outputStream.on('error', reject)
      zip.outputStream.pipe(out)
      zip.end()
    })
    await rename(tmp, join(exportsDir, key))
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
  return { key, size: (await stat(join(exportsDir, key))).size }
}
