import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config'

const base = { DATABASE_URL: 'sqlite::memory:', SESSION_SECRET: 'secret' }

describe('mail configuration', () => {
  it('uses the embedded outbox and a From: on the public host by default', () => {
    const config = loadConfig({ ...base, PUBLIC_URL: 'https://pins.example.org' })
    expect(config.smtpUrl).toBeNull()
    expect(config.mailFrom).toBe('Corkboard <no-reply@pins.example.org>')
  })

  it('takes an smtp:// or smtps:// SMTP_URL and a MAIL_FROM', () => {
    const config = loadConfig({
      ...base,
      SMTP_URL: 'smtps://mailer:p%40ss@smtp.example.org:465',
      MAIL_FROM: 'Pins <pins@example.org>',
    })
    expect(config.smtpUrl).toBe('smtps://mailer:p%40ss@smtp.example.org:465')
    expect(config.mailFrom).toBe('Pins <pins@example.org>')
    expect(loadConfig({ ...base, MAIL_FROM: 'pins@example.org' }).mailFrom).toBe('pins@example.org')
  })

  it('fails fast on a malformed SMTP_URL or MAIL_FROM, never echoing the URL', () => {
    for (const SMTP_URL of ['http://smtp.example.org', 'smtp.example.org:25', 'smtp://']) {
      expect(() => loadConfig({ ...base, SMTP_URL })).toThrow(ConfigError)
    }
    expect(() => loadConfig({ ...base, SMTP_URL: 'mail://u:hunter2@x' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    )
    for (const MAIL_FROM of ['nobody', 'Pins <pins@example.org', 'a@b\r\nBcc: c@d']) {
      expect(() => loadConfig({ ...base, MAIL_FROM })).toThrow(ConfigError)
    }
  })
})

describe('unread digest configuration', () => {
  it('waits 10 minutes and sends at most one a day per conversation by default', () => {
    const config = loadConfig(base)
    expect(config.unreadDigestDelayMs).toBe(10 * 60_000)
    expect(config.unreadDigestPeriodMs).toBe(24 * 3_600_000)
  })

  it('takes durations in s, m, h or d, and "off"', () => {
    const config = loadConfig({ ...base, UNREAD_DIGEST_DELAY: '90s', UNREAD_DIGEST_PERIOD: '2d' })
    expect(config.unreadDigestDelayMs).toBe(90_000)
    expect(config.unreadDigestPeriodMs).toBe(2 * 86_400_000)
    expect(loadConfig({ ...base, UNREAD_DIGEST_DELAY: 'off' }).unreadDigestDelayMs).toBeNull()
  })

  it('fails fast on a malformed or too short duration', () => {
    for (const UNREAD_DIGEST_DELAY of ['10', 'ten minutes', '0s', '5ms', '-1m']) {
      expect(() => loadConfig({ ...base, UNREAD_DIGEST_DELAY })).toThrow(/UNREAD_DIGEST_DELAY/)
    }
    expect(() => loadConfig({ ...base, UNREAD_DIGEST_PERIOD: 'off' })).toThrow(ConfigError)
  })
})

describe('send queue', () => {
  it('takes 2,000 sends in progress by default, SEND_QUEUE_MAX otherwise, a positive integer', () => {
    expect(loadConfig(base).sendQueueMax).toBe(2000)
    expect(loadConfig({ ...base, SEND_QUEUE_MAX: '50' }).sendQueueMax).toBe(50)
    for (const SEND_QUEUE_MAX of ['0', '-1', 'many', '1.5']) {
      expect(() => loadConfig({ ...base, SEND_QUEUE_MAX })).toThrow(/SEND_QUEUE_MAX/)
    }
  })
})

describe('reply by email configuration', () => {
  it('is off by default, listens on 127.0.0.1, replies to the public host', () => {
    const config = loadConfig({ ...base, PUBLIC_URL: 'https://Pins.Example.org:8443' })
    expect(config.inboundSmtpPort).toBeNull()
    expect(config.inboundSmtpHost).toBe('127.0.0.1')
    expect(config.replyDomain).toBe('pins.example.org')
  })

  it('takes INBOUND_SMTP_PORT, INBOUND_SMTP_HOST and REPLY_DOMAIN', () => {
    const config = loadConfig({
      ...base,
      INBOUND_SMTP_PORT: '2525',
      INBOUND_SMTP_HOST: '0.0.0.0',
      REPLY_DOMAIN: 'reply.pins.example.org',
    })
    expect(config.inboundSmtpPort).toBe(2525)
    expect(config.inboundSmtpHost).toBe('0.0.0.0')
    expect(config.replyDomain).toBe('reply.pins.example.org')
  })

  it('fails fast on a malformed port or domain', () => {
    for (const INBOUND_SMTP_PORT of ['0', '65536', 'smtp', '25.5']) {
      expect(() => loadConfig({ ...base, INBOUND_SMTP_PORT })).toThrow(/INBOUND_SMTP_PORT/)
    }
    for (const REPLY_DOMAIN of ['a b', 'x@y.org', '-bad.org', 'pins.example.org.', 'a\r\nb']) {
      expect(() => loadConfig({ ...base, REPLY_DOMAIN })).toThrow(/REPLY_DOMAIN/)
    }
    // an IPv6 PUBLIC_URL is fine while replies are off, not once they are on
    const ipv6 = { ...base, PUBLIC_URL: 'http://[::1]:3000' }
    expect(loadConfig(ipv6).inboundSmtpPort).toBeNull()
    expect(() => loadConfig({ ...ipv6, INBOUND_SMTP_PORT: '2525' })).toThrow(/REPLY_DOMAIN/)
  })
})
