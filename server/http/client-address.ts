import { isIPv6 } from 'node:net'

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/

/**
 * Whom an address-keyed limit counts a client as. An IPv6 client is its /64 (the least an
 * ISP or a cloud hands out: keyed per /128 it could take a fresh bucket for every request);
 * an IPv4 client seen through a dual-stack socket (`::ffff:a.b.c.d`) is that IPv4 address;
 * anything else (an IPv4 address) is itself.
 */
export function clientAddressKey(ip: string): string {
  // the hot path: an IPv4 peer
  if (!ip.includes(':') || !isIPv6(ip)) return ip
  const bare = ip.split('%', 1)[0]!.toLowerCase()
  const mapped = MAPPED_IPV4.exec(bare)
  if (mapped) return mapped[1]!
  const [head = '', tail] = bare.split('::')
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':'))
  const before = groupsOf(head)
  const after = tail === undefined ? [] : groupsOf(tail)
  // an embedded IPv4 address (the last part) stands for two groups
  const count = (groups: string[]) => groups.length + (groups.at(-1)?.includes('.') ? 1 : 0)
  const zeros = tail === undefined ? 0 : 8 - count(before) - count(after)
  const groups = [...before, ...Array<string>(Math.max(0, zeros)).fill('0'), ...after]
  const prefix = groups.slice(0, 4).map((g) => (g.includes('.') ? g : Number.parseInt(g, 16)))
  return `${prefix.map((g) => (typeof g === 'number' ? g.toString(16) : g)).join(':')}::/64`
}
