import { ArrowUpRight } from 'lucide-react'

/** A link to a pin's source site, opened in a new tab without telling it where from. */
export function SourceLink({
  className,
  href,
  domain,
}: {
  className: string
  href: string
  domain: string
}) {
  return (
    <a
      className={className}
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={`Visit ${domain}`}
    >
      <ArrowUpRight size={14} aria-hidden="true" />
      <span>{domain}</span>
    </a>
  )
}
