import { readFile } from 'node:fs/promises'
import type { Db } from '../../db/database'
import { escapeHtml as escape } from '../../mail/html'
import type { Mail } from '../../mail/message'
import type { MediaService } from '../media/service'
import type { InviteMail } from './service'

/** What the invite shares, as the email shows it: a title, a line, and a picture if any. */
async function previewOf(db: Db, invite: InviteMail) {
  const id = invite.attachment.id
  switch (invite.attachment.type) {
    case 'pin': {
      const pin = await db
        .selectFrom('pins')
        .select(['title', 'description', 'media_key', 'secret'])
        .where('id', '=', id)
        .executeTakeFirst()
      if (!pin || Number(pin.secret) === 1)
        return { kind: 'a Pin', title: 'a Pin', line: '', image: null, note: invite.note }
      return {
        kind: 'a Pin',
        title: pin.title || 'a Pin',
        line: pin.description,
        image: pin.media_key,
        note: invite.note,
      }
    }
    case 'board': {
      const board = await db
        .selectFrom('boards')
        .select(['name', 'description', 'privacy'])
        .where('id', '=', id)
        .executeTakeFirst()
      const visible = board && board.privacy === 'PUBLIC'
      return {
        kind: 'a board',
        title: visible ? board.name : 'a board',
        line: visible ? board.description : '',
        image: null,
        note: invite.note,
      }
    }
    default: {
      const user = await db
        .selectFrom('users')
        .select(['username', 'business_name', 'profile_image_key'])
        .where('id', '=', id)
        .executeTakeFirst()
      return {
        kind: 'a profile',
        title: user ? (user.business_name ?? user.username) : 'a profile',
        line: user ? `@${user.username}` : '',
        image: user?.profile_image_key ?? null,
        note: invite.note,
      }
    }
  }
}

/**
 * The invite email: who sent what, their note, a preview (the picture inline, by cid) and the
 * link; HTML and plain text.
 */
export async function composeInviteMail(
  deps: { db: Db; media: Pick<MediaService, 'filePath'> },
  invite: InviteMail,
): Promise<Mail> {
  const inviter = await deps.db
    .selectFrom('users')
    .select(['username', 'business_name'])
    .where('id', '=', invite.inviterId)
    .executeTakeFirstOrThrow()
  const who = inviter.business_name ?? inviter.username
  const preview = await previewOf(deps.db, invite)
  const picture = preview.image
    ? await readFile(deps.media.filePath(preview.image, '400x300')).catch(() => null)
    : null
  const subject = `${who} sent you ${preview.kind} on Corkboard`
  const text = [
    `${who} (@${inviter.username}) sent you ${preview.kind} on Corkboard:`,
    '',
    preview.title,
    ...(preview.line ? [preview.line] : []),
    ...(preview.note ? ['', `“${preview.note}”`] : []),
    '',
    `Join Corkboard to see it and reply: ${invite.link}`,
    '',
    'The link works once, for this address, for 7 days.',
  ].join('\n')
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#211922;max-width:520px;margin:auto">
<p><strong>${escape(who)}</strong> sent you ${preview.kind} on Corkboard</p>
${preview.note ? `<p style="font-size:18px">“${escape(preview.note)}”</p>` : ''}
<div style="border:1px solid #e9e9e9;border-radius:16px;overflow:hidden">
${picture ? '<img src="cid:preview" alt="" width="400" style="display:block;width:100%;height:auto">' : ''}
<div style="padding:12px 16px"><strong>${escape(preview.title)}</strong>${preview.line ? `<br><span style="color:#5f5f5f">${escape(preview.line)}</span>` : ''}</div>
</div>
<p><a href="${escape(invite.link)}" style="display:inline-block;background:#e60023;color:#fff;padding:12px 20px;border-radius:24px;text-decoration:none;font-weight:600">Join Corkboard</a></p>
<p style="color:#767676;font-size:12px">This link works once, for ${escape(invite.email)}, for 7 days.</p>
</body></html>`
  return {
    to: invite.email,
    subject,
    text,
    html,
    ...(picture
      ? {
          attachments: [
            {
              filename: 'preview.jpg',
              contentType: 'image/jpeg',
              content: picture.toString('base64'),
              cid: 'preview',
            },
          ],
        }
      : {}),
  }
}
