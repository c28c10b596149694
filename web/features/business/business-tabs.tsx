import { useRef, type KeyboardEvent } from 'react'
import { useNavigate } from 'react-router-dom'

export interface BusinessTab {
  id: string
  label: string
  to: string
}

/**
 * The dashboard's tabs: a real tablist (one tab in the Tab order, arrow keys, Home and End
 * move between them and open the tab: each is an address of its own).
 */
export function BusinessTabs({
  tabs,
  selected,
  panelId,
}: {
  tabs: BusinessTab[]
  selected: string
  panelId: string
}) {
  const navigate = useNavigate()
  const listRef = useRef<HTMLDivElement>(null)

  const open = (index: number) => {
    const tab = tabs[(index + tabs.length) % tabs.length]
    if (!tab) return
    navigate(tab.to)
    listRef.current?.querySelector<HTMLElement>(`#tab-${tab.id}`)?.focus()
  }

  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((t) => t.id === selected)
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: tabs.length - 1,
    }
    const target = moves[event.key]
    if (target === undefined) return
    event.preventDefault()
    open(target)
  }

  return (
    <div
      className="biz-tabs"
      role="tablist"
      aria-label="Business dashboard"
      ref={listRef}
      onKeyDown={onKeyDown}
    >
      {tabs.map((tab) => {
        const active = tab.id === selected
        return (
          <button
            key={tab.id}
            id={`tab-${tab.id}`}
            type="button"
            role="tab"
            className={`biz-tab${active ? ' active' : ''}`}
            aria-selected={active}
            aria-controls={panelId}
            tabIndex={active ? 0 : -1}
            onClick={() => navigate(tab.to)}
          >
            {tab.label}
          </button>
        )
      })}
    </div>
  )
}
