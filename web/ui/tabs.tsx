import { Link, NavLink } from 'react-router-dom'
import './tabs.css'

interface Tab {
  label: string
  to: string
  end?: boolean
  /** set when the address's query string decides the tab (the router matches paths only) */
  active?: boolean
}

interface TabsProps {
  label: string
  tabs: Tab[]
}

/** Route-backed tabs: each tab is a link, the current one is underlined. */
export function Tabs({ label, tabs }: TabsProps) {
  return (
    <nav className="tabs" aria-label={label}>
      {tabs.map((tab) =>
        tab.active === undefined ? (
          <NavLink
            key={tab.to}
            to={tab.to}
            end={tab.end}
            replace
            className={({ isActive }) => `tab${isActive ? ' tab-active' : ''}`}
          >
            {tab.label}
          </NavLink>
        ) : (
          <Link
            key={tab.to}
            to={tab.to}
            replace
            aria-current={tab.active ? 'page' : undefined}
            className={`tab${tab.active ? ' tab-active' : ''}`}
          >
            {tab.label}
          </Link>
        ),
      )}
    </nav>
  )
}
