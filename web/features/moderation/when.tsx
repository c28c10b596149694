/** A timestamp as people read it ("3 Dec 2026, 14:05"), machine-readable underneath. */
export function When({ iso, className }: { iso: string; className?: string }) {
  const date = new Date(iso)
  return (
    <time className={className} dateTime={iso} title={date.toISOString()}>
      {date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
    </time>
  )
}
