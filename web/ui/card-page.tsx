import type { ReactNode } from 'react'
import { Link } from 'react-router-dom'
import { Logo } from './logo'
import './card-page.css'

/** A page that is one card under the logo: where a link from an email lands. */
export function CardPage({ children }: { children: ReactNode }) {
  return (
    <div className="card-page">
      <main className="card-page-card">
        <Link to="/" className="card-page-logo" aria-label="Corkboard home">
          <Logo />
        </Link>
        {children}
      </main>
    </div>
  )
}

/** A card's whole message: an icon, a heading, a line, and what to do next. */
export function CardNotice(props: {
  icon: ReactNode
  title: string
  children: ReactNode
  actions?: ReactNode
}) {
  return (
    <div className="card-notice">
      <span className="empty-icon" aria-hidden="true">
        {props.icon}
      </span>
      <h1>{props.title}</h1>
      <p>{props.children}</p>
      {props.actions && <div className="card-notice-actions">{props.actions}</div>}
    </div>
  )
}
