import { escapeHtml as escape } from '../../mail/html'
import type { Mail } from '../../mail/message'

/** The mails of account recovery: plain text and HTML, the link as a button. */

const button = (link: string, label: string) =>
  `<p><a href="${escape(link)}" style="display:inline-block;background:#e60023;color:#fff;padding:12px 20px;border-radius:24px;text-decoration:none;font-weight:600">${escape(label)}</a></p>`

function html(paragraphs: string[], link?: { href: string; label: string }, foot?: string) {
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#211922;max-width:520px;margin:auto">
${paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}
${link ? button(link.href, link.label) : ''}
${foot ? `<p style="color:#767676;font-size:12px">${escape(foot)}</p>` : ''}
</body></html>`
}

/** The reset link, to the account's own address. */
export function passwordResetMail(to: string, username: string, link: string): Mail {
  const intro = `Someone (we hope you) asked to reset the password of @${username} on Corkboard.`
  const what =
    'Choosing a new password signs you out everywhere, closes every open session and deletes your personal access tokens.'
  const foot = `This link works once, for 1 hour. If you did not ask for it, ignore this mail: your password stays as it is.`
  return {
    to,
    subject: 'Reset your Corkboard password',
    text: [intro, '', `Choose a new password: ${link}`, '', what, '', foot].join('\n'),
    html: html([intro, what], { href: link, label: 'Choose a new password' }, foot),
  }
}

/** The confirmation link, to the new address. */
export function emailConfirmMail(to: string, username: string, link: string): Mail {
  const intro = `@${username} asked to use this address for their Corkboard account.`
  const foot =
    'This link works once, for 24 hours. If you did not ask for this, ignore this mail: nothing changes.'
  return {
    to,
    subject: 'Confirm your new Corkboard email address',
    text: [intro, '', `Confirm it: ${link}`, '', foot].join('\n'),
    html: html([intro], { href: link, label: 'Confirm this address' }, foot),
  }
}

/** To the old address: a change was asked for (`applied` false) or has been made (true). */
export function emailChangeNotice(
  to: string,
  username: string,
  newEmail: string,
  applied: boolean,
): Mail {
  const lines = applied
    ? [
        `The email address of @${username} on Corkboard is now ${newEmail}.`,
        'Mail about your account goes there from now on.',
      ]
    : [
        `Someone signed in as @${username} asked to change the account's email address to ${newEmail}.`,
        'Nothing changes until the link sent to that address is opened (within 24 hours).',
      ]
  const foot = applied
    ? 'If this was not you, reply to this mail or contact the instance’s administrator.'
    : 'If this was not you, change your password now: that also cancels the change of address.'
  return {
    to,
    subject: applied
      ? 'Your Corkboard email address was changed'
      : 'A change of your Corkboard email address was asked for',
    text: [...lines, '', foot].join('\n'),
    html: html(lines, undefined, foot),
  }
}
