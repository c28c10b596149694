import { describe, expect, it } from 'vitest'
import { stripQuoted } from './strip-quotes'

/** The plain-text part of replies to a digest, as the common mail clients write them. */
const DIGEST = [
  'You have 2 unread messages on Corkboard:',
  '',
  'ana: Shall we take the copper pot?',
  '  Pin: Copper pot',
  '',
  'Reply on Corkboard: https://corkboard.example/messages/12',
]
const quoted = (prefix = '> ') => DIGEST.map((l) => (l ? prefix + l : prefix.trimEnd())).join('\n')

describe('stripQuoted', () => {
  it('Gmail: the attribution line, then the quote', () => {
    const text = `Sounds great, see you there!\n\nOn Tue, 3 Mar 2026 at 10:02, Corkboard <no-reply@corkboard.example> wrote:\n\n${quoted()}\n`
    expect(stripQuoted(text)).toBe('Sounds great, see you there!')
  })

  it('Gmail: an attribution wrapped over two lines, CRLF line ends', () => {
    const text = [
      'Yes!',
      'The copper one.',
      '',
      'On Tue, Mar 3, 2026 at 10:02 AM Corkboard <',
      'no-reply@corkboard.example> wrote:',
      '',
      quoted(),
    ].join('\r\n')
    expect(stripQuoted(text)).toBe('Yes!\nThe copper one.')
  })

  it('Gmail in German and French, wrapped or not', () => {
    const de = `Klingt gut.\n\nAm Di., 3. März 2026 um 10:02 Uhr schrieb Corkboard <\nno-reply@corkboard.example>:\n\n${quoted()}`
    expect(stripQuoted(de)).toBe('Klingt gut.')
    const fr = `D'accord.\n\nLe mar. 3 mars 2026 à 10:02, Corkboard <no-reply@corkboard.example> a écrit :\n${quoted()}`
    expect(stripQuoted(fr)).toBe("D'accord.")
  })

  it('Apple Mail on a Mac: the attribution quoted too', () => {
    const text = `Let's go for the blue one.\n\n> On 3 Mar 2026, at 10:02, Corkboard <no-reply@corkboard.example> wrote:\n> \n${quoted()}\n`
    expect(stripQuoted(text)).toBe("Let's go for the blue one.")
  })

  it('Apple Mail on an iPhone: "Sent from my iPhone" goes, the emoji stays', () => {
    const text = `Love it 😍\n\nSent from my iPhone\n\n> On 3 Mar 2026, at 10:02, Corkboard <no-reply@corkboard.example> wrote:\n> \n> \uFEFFYou have 1 unread message on Corkboard:\n> ana: hi\n`
    expect(stripQuoted(text)).toBe('Love it 😍')
  })

  it('Outlook on Windows: -----Original Message-----', () => {
    const text = [
      'Fine by me.',
      '',
      '-----Original Message-----',
      'From: Corkboard <no-reply@corkboard.example>',
      'Sent: Tuesday, March 3, 2026 10:02 AM',
      'To: ben@example.com',
      'Subject: ana sent you a message',
      '',
      ...DIGEST,
    ].join('\r\n')
    expect(stripQuoted(text)).toBe('Fine by me.')
  })

  it('Outlook on the web and new Outlook: a rule, then the From:/Sent: block (bold or not)', () => {
    const text = [
      'Fine by me.',
      '',
      'Get Outlook for iOS<https://aka.ms/o0ukef>',
      '________________________________',
      'From: Corkboard <no-reply@corkboard.example>',
      'Sent: Tuesday, March 3, 2026 10:02',
      'To: Ben <ben@example.com>',
      'Subject: ana sent you a message',
      '',
      ...DIGEST,
    ].join('\n')
    expect(stripQuoted(text)).toBe('Fine by me.')
    const bold = `Agreed\n\n*From:* Corkboard <no-reply@corkboard.example>\n*Sent:* Tuesday, March 3, 2026 10:02\n*To:* ben@example.com\n\n${DIGEST.join('\n')}`
    expect(stripQuoted(bold)).toBe('Agreed')
  })

  it('HTML-only replies, as mailparser turns them into text (Gmail, Outlook on the web)', () => {
    // what simpleParser gives as `text` for Gmail's and Outlook's HTML (blockquote, <hr>, <b>)
    const gmail =
      'Yes please!\n\nOn Tue, 3 Mar 2026 at 10:02, Corkboard <no-reply@corkboard.example> wrote:\n\n\n> You have 1 unread message\n> ana: hi'
    expect(stripQuoted(gmail)).toBe('Yes please!')
    const outlook = `Fine by me.\n\n\n${'-'.repeat(80)}\n\nFrom: Corkboard <no-reply@corkboard.example>\nSent: Tuesday, March 3, 2026 10:02 AM\nTo: Ben <ben@example.com>\nSubject: ana sent you a message\n \nYou have 1 unread message on Corkboard:\nana: hi`
    expect(stripQuoted(outlook)).toBe('Fine by me.')
  })

  it('Thunderbird, and a "-- " signature', () => {
    const text = `Thanks!\n-- \nBen Example\nHead of Pots\n\nOn 03/03/2026 10:02, Corkboard wrote:\n${quoted('>')}`
    expect(stripQuoted(text)).toBe('Thanks!')
  })

  it('keeps the person’s own words between quoted lines, and their line breaks', () => {
    const text = `> ana: Shall we take the copper pot?\nYes, the copper one.\n\n\n\n> or the steel?\nNo.\n  indented stays`
    expect(stripQuoted(text)).toBe('Yes, the copper one.\n\nNo.\n  indented stays')
  })

  it('keeps what only looks like an attribution when no quote follows it', () => {
    const text = 'On Monday I wrote:\nbring the pot\n\nOn second thought, skip it.'
    expect(stripQuoted(text)).toBe(text)
    expect(stripQuoted('From: the shop, not the market\nSent: nothing yet')).toBe(
      'From: the shop, not the market\nSent: nothing yet',
    )
  })

  it('leaves nothing of a reply that is only the quote', () => {
    expect(stripQuoted(`\n\nOn Tue, 3 Mar 2026 at 10:02, Corkboard wrote:\n${quoted()}`)).toBe('')
    expect(stripQuoted('\u0000\n \n')).toBe('')
  })
})
