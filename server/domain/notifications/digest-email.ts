import type { UserSummary } from '../../../protocol/api'
import type { Conversation, Message } from '../../../protocol/messages'
import { escapeHtml as escape } from '../../mail/html'
import type { Mail } from '../../mail/message'

export interface DigestMailInput {
  to: { email: string; username: string }
  conversation: Conversation
  /** the messages shown, oldest first */
  messages: Message[]
  /** how many unread messages the digest stands for (at least messages.length) */
  total: number
  /** true when total is a floor: "500 or more" */
  totalIsFloor: boolean
  links: { conversation: string; unsubscribePage: string; oneClick: string; settings: string }
  /** reply by email: the Reply-To address whose replies become the reader's messages */
  replyTo?: string | null
}

const nameOf = (p: Pick<UserSummary, 'username' | 'business_name'>) => p.business_name ?? p.username

/** "ana", "ana and ben", "ana, ben and 3 others" */
function namesOf(people: UserSummary[]) {
  const names = people.map(nameOf)
  if (names.length <= 2) return names.join(' and ')
  const rest = names.length - 2
  return `${names.slice(0, 2).join(', ')} and ${rest} other${rest === 1 ? '' : 's'}`
}

/** A message's attachment as one line of text, and a picture when it has one. */
function attachmentOf(message: Message): { line: string; image: string | null } | null {
  const a = message.attachment
  if (!a) return null
  switch (a.type) {
    case 'pin':
      return a.pin
        ? { line: `Pin: ${a.pin.title || 'untitled'}`, image: a.pin.media.images['150x150'].url }
        : { line: 'A Pin that is no longer available', image: null }
    case 'board':
      return a.board
        ? { line: `Board: ${a.board.name}`, image: a.board.media.image_cover_url }
        : { line: 'A board that is no longer available', image: null }
    default:
      return a.user
        ? { line: `Profile: ${nameOf(a.user)} (@${a.user.username})`, image: a.user.profile_image }
        : { line: 'A profile that is no longer available', image: null }
  }
}

/**
 * The unread-message digest of one conversation: who wrote what while the reader was away, a
 * link back, and the unsubscribe link in the body and in `List-Unsubscribe` (one click, RFC
 * 8058). HTML and plain text.
 */
export function composeDigestMail(input: DigestMailInput): Mail {
  const { conversation, messages, links } = input
  const others = conversation.participants.filter((p) => p.username !== input.to.username)
  const byUsername = new Map(conversation.participants.map((p) => [p.username, nameOf(p)]))
  const senderOf = (m: Message) => byUsername.get(m.sender.username) ?? m.sender.username
  const count = `${input.total}${input.totalIsFloor ? '+' : ''}`
  const plural = input.total === 1 && !input.totalIsFloor ? 'message' : 'messages'
  const place = conversation.title || namesOf(others) || 'a conversation'
  const subject = conversation.is_group
    ? `${count} new ${plural} in ${place}`
    : `${others[0] ? nameOf(others[0]) : 'Someone'} sent you ${input.total === 1 && !input.totalIsFloor ? 'a message' : `${count} messages`}`
  const hidden = input.total - messages.length
  const more = hidden > 0 ? `…and ${hidden}${input.totalIsFloor ? '+' : ''} more` : null

  const text = [
    `You have ${count} unread ${plural} on Corkboard${conversation.is_group ? ` in ${place}` : ''}:`,
    '',
    ...messages.flatMap((m) => {
      const attachment = attachmentOf(m)
      return [
        `${senderOf(m)}: ${m.text ?? ''}`.trimEnd(),
        ...(attachment ? [`  ${attachment.line}`] : []),
      ]
    }),
    ...(more ? [more] : []),
    '',
    `Reply on Corkboard: ${links.conversation}`,
    ...(input.replyTo
      ? ['(or just reply to this email: your answer is posted in the conversation)']
      : []),
    '',
    '—',
    'You get this because you had unread messages while you were away.',
    `Stop these emails: ${links.unsubscribePage}`,
    `Notification settings: ${links.settings}`,
  ].join('\n')

  const rows = messages
    .map((m) => {
      const attachment = attachmentOf(m)
      const picture = attachment?.image
        ? `<img src="${escape(attachment.image)}" alt="" width="64" height="64" style="display:block;border-radius:8px;object-fit:cover;margin-top:6px">`
        : ''
      return `<tr><td style="padding:10px 0;border-bottom:1px solid #efefef">
<strong>${escape(senderOf(m))}</strong>${m.text ? `<div style="white-space:pre-wrap">${escape(m.text)}</div>` : ''}
${attachment ? `<div style="color:#5f5f5f">${picture}${escape(attachment.line)}</div>` : ''}
</td></tr>`
    })
    .join('\n')
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#211922;max-width:520px;margin:auto">
<p style="color:#b45309;font-weight:700;font-size:20px;margin:16px 0">Corkboard</p>
<p style="font-size:18px">You have <strong>${escape(count)}</strong> unread ${plural}${conversation.is_group ? ` in <strong>${escape(place)}</strong>` : ''}</p>
<table role="presentation" width="100%" cellspacing="0" cellpadding="0">
${rows}
</table>
${more ? `<p style="color:#5f5f5f">${escape(more)}</p>` : ''}
<p><a href="${escape(links.conversation)}" style="display:inline-block;background:#e60023;color:#fff;padding:12px 20px;border-radius:24px;text-decoration:none;font-weight:600">Reply on Corkboard</a></p>
${input.replyTo ? '<p style="color:#5f5f5f">…or just reply to this email: your answer is posted in the conversation.</p>' : ''}
<p style="color:#767676;font-size:12px">You get this because you had unread messages while you were away.
<a href="${escape(links.unsubscribePage)}" style="color:#767676">Unsubscribe</a> ·
<a href="${escape(links.settings)}" style="color:#767676">Notification settings</a></p>
</body></html>`

  return {
    to: input.to.email,
    subject: subject.replace(/\s+/g, ' '),
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${links.oneClick}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      ...(input.replyTo ? { 'Reply-To': input.replyTo } : {}),
    },
  }
}
