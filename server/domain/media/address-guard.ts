import { isIPv4, isIPv6 } from 'node:net'

/**
 * Which IP addresses an outgoing fetch of a user-supplied URL may connect to: public unicast
 * only. Anything that could reach this machine, its network or a cloud metadata service
 * (loopback, private, link-local, CGNAT, multicast, reserved, documentation, the IPv6
 * equivalents and every IPv4-in-IPv6 form) is refused.
 */

type Range4 = readonly [base: number, prefix: number]

const NON_PUBLIC_V4: readonly Range4[] = [
  [ipv4ToInt('0.0.0.0'), 8], // "this network"
  [ipv4ToInt('10.0.0.0'), 8], // private
  [ipv4ToInt('100.64.0.0'), 10], // carrier-grade NAT
  [ipv4ToInt('127.0.0.0'), 8], // loopback
  [ipv4ToInt('169.254.0.0'), 16], // link-local, cloud metadata
  [ipv4ToInt('172.16.0.0'), 12], // private
  [ipv4ToInt('192.0.0.0'), 24], // IETF protocol assignments
  [ipv4ToInt('192.0.2.0'), 24], // documentation
  [ipv4ToInt('192.88.99.0'), 24], // 6to4 relay anycast
  [ipv4ToInt('192.168.0.0'), 16], // private
  [ipv4ToInt('198.18.0.0'), 15], // benchmarking
  [ipv4ToInt('198.51.100.0'), 24], // documentation
  [ipv4ToInt('203.0.113.0'), 24], // documentation
  [ipv4ToInt('224.0.0.0'), 4], // multicast
  [ipv4ToInt('240.0.0.0'), 4], // reserved, broadcast
]

function ipv4ToInt(ip: string): number {
  const parts = ip.split('.').map(Number)
  return (((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0) as number
}

function inRange4(ip: number, [base, prefix]: Range4): boolean {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0
  return (ip & mask) >>> 0 === (base & mask) >>> 0
}

export function isPublicIPv4(ip: string): boolean {
  if (!isIPv4(ip)) return false
  const n = ipv4ToInt(ip)
  return !NON_PUBLIC_V4.some((r) => inRange4(n, r))
}

/** The 16 bytes of an IPv6 address (zone id dropped), or null when it is not one. */
export function parseIPv6(input: string): Uint8Array | null {
  const ip = input.split('%')[0]!
  if (!isIPv6(ip)) return null
  let head = ip
  const tailBytes: number[] = []
  const lastColon = ip.lastIndexOf(':')
  const last = ip.slice(lastColon + 1)
  if (last.includes('.')) {
    if (!isIPv4(last)) return null
    const n = ipv4ToInt(last)
    tailBytes.push((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255)
    head = ip.slice(0, lastColon + 1) + '0' // placeholder group, dropped below
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined]
  const groups = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : [])
  let leftGroups = groups(left)
  let rightGroups = groups(right)
  if (tailBytes.length) {
    if (right !== undefined) rightGroups = rightGroups.slice(0, -1)
    else leftGroups = leftGroups.slice(0, -1)
  }
  const total = 8 - tailBytes.length / 2
  const zeros = right === undefined ? 0 : total - leftGroups.length - rightGroups.length
  if (zeros < 0) return null
  const all = [...leftGroups, ...Array<number>(zeros).fill(0), ...rightGroups]
  if (all.length !== total) return null
  const bytes = new Uint8Array(16)
  all.forEach((g, i) => {
    bytes[i * 2] = (g >> 8) & 255
    bytes[i * 2 + 1] = g & 255
  })
  tailBytes.forEach((b, i) => (bytes[12 + i] = b))
  return bytes
}

function prefixMatches(bytes: Uint8Array, prefix: readonly number[], bits: number): boolean {
  for (let bit = 0; bit < bits; bit++) {
    const byte = bit >> 3
    const mask = 0x80 >> (bit & 7)
    if ((bytes[byte]! & mask) !== ((prefix[byte] ?? 0) & mask)) return false
  }
  return true
}

const embeddedV4 = (b: Uint8Array) => `${b[12]}.${b[13]}.${b[14]}.${b[15]}`

export function isPublicIPv6(ip: string): boolean {
  const b = parseIPv6(ip)
  if (!b) return false
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the embedded IPv4 address.
  if (prefixMatches(b, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], 96)) {
    return isPublicIPv4(embeddedV4(b))
  }
  if (prefixMatches(b, [0, 0x64, 0xff, 0x9b], 96)) return isPublicIPv4(embeddedV4(b))
  // Only global unicast (2000::/3) is public; everything else (::, ::1, IPv4-compatible,
  // fc00::/7, fe80::/10, fec0::/10, ff00::/8, 100::/64, ...) is not.
  if (!prefixMatches(b, [0x20], 3)) return false
  const reserved: [number[], number][] = [
    [[0x20, 0x01, 0x00, 0x00], 23], // IETF protocol assignments, Teredo
    [[0x20, 0x01, 0x0d, 0xb8], 32], // documentation
    [[0x20, 0x02], 16], // 6to4: tunnels to an arbitrary IPv4 address
    [[0x3f, 0xff], 20], // documentation
  ]
  return !reserved.some(([p, bits]) => prefixMatches(b, p, bits))
}

/** True only for a public unicast IPv4 or IPv6 address. Anything unparseable is not. */
export function isPublicAddress(ip: string): boolean {
  if (isIPv4(ip)) return isPublicIPv4(ip)
  return isPublicIPv6(ip)
}
