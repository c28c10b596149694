import { NavLink } from 'react-router-dom'

interface TabsProps {
  label: string
  tabs: { label: string; to: string; end?: boolean }[]
}

/** Route-backed tabs: each tab is a link, the current one is underlined. */
export function Tabs({ label, tabs }: TabsProps) {
  return (
    <nav className="tabs" aria-label={label}>
      {tabs.map((tab) => (
        <NavLink
          key={tab.to}
          to={tab.to}
          end={tab.end}
          replace
          className={({ isActive }) => `tab${isActive ? ' tab-active' : ''}`}
        >
          {tab.label}
        </NavLink>
      ))}
    </nav>
  )
}
