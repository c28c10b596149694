const TINTS = ['#f4d9b0', '#d9e8d0', '#d6e2f0', '#f0d6dc', '#e6dcf2', '#f2e6c4', '#d2ece8']

function tintFor(name: string): string {
  let hash = 0
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0
  return TINTS[hash % TINTS.length] ?? '#eee'
}

interface AvatarProps {
  username: string
  src?: string | null
  size?: number
}

/** A round profile picture, or the first letter of the username on a soft tint. */
export function Avatar({ username, src, size = 40 }: AvatarProps) {
  const style = { width: size, height: size, fontSize: Math.round(size * 0.42) }
  if (src) {
    return <img className="avatar" src={src} alt="" width={size} height={size} style={style} />
  }
  return (
    <span
      className="avatar avatar-initial"
      aria-hidden="true"
      style={{ ...style, background: tintFor(username) }}
    >
      {username.charAt(0).toUpperCase()}
    </span>
  )
}
