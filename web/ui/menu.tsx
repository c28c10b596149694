import { useEffect, useId, useState, type KeyboardEvent, type ReactNode } from 'react'
import { useNavigate } from 'react-router-dom'
import { Popover } from './popover'

export interface MenuItem {
  label: string
  icon?: ReactNode
  onSelect?: () => void
  to?: string
  danger?: boolean
}

interface MenuProps {
  /** Accessible name of the trigger button. */
  label: string
  trigger: ReactNode
  triggerClassName?: string
  items: MenuItem[]
  header?: ReactNode
  align?: 'start' | 'end'
}

/**
 * A button that opens a list of actions in a Popover: arrow keys, Home and End move, Esc
 * closes and focus returns to the button, Tab or a press elsewhere closes it.
 */
export function Menu({
  label,
  trigger,
  triggerClassName = 'icon-btn icon-btn-plain icon-btn-md',
  items,
  header,
  align = 'end',
}: MenuProps) {
  const [open, setOpen] = useState(false)
  const [button, setButton] = useState<HTMLButtonElement | null>(null)
  const [list, setList] = useState<HTMLDivElement | null>(null)
  const menuId = useId()
  const navigate = useNavigate()

  // The first item takes focus once the menu is placed in the page.
  useEffect(() => {
    if (open) list?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
  }, [open, list])

  const onKeyDown = (event: KeyboardEvent) => {
    const entries = Array.from(list?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])
    const index = entries.indexOf(document.activeElement as HTMLElement)
    const move = (to: number) => {
      event.preventDefault()
      entries[(to + entries.length) % entries.length]?.focus()
    }
    if (event.key === 'ArrowDown') move(index + 1)
    else if (event.key === 'ArrowUp') move(index < 0 ? -1 : index - 1)
    else if (event.key === 'Home') move(0)
    else if (event.key === 'End') move(-1)
  }

  return (
    <div className="menu">
      <button
        ref={setButton}
        type="button"
        className={triggerClassName}
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((v) => !v)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault()
            setOpen(true)
          }
        }}
      >
        {trigger}
      </button>
      {open && button && (
        <Popover
          ref={setList}
          anchor={button}
          placement={align === 'end' ? 'bottom-end' : 'bottom-start'}
          tabbing="menu"
          id={menuId}
          role="menu"
          aria-label={label}
          className="menu-popover"
          onKeyDown={onKeyDown}
          onClose={() => setOpen(false)}
        >
          {header}
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              className={`menu-item${item.danger ? ' menu-item-danger' : ''}`}
              onClick={() => {
                // Focus back on the button first: a dialog the item opens returns it there.
                button.focus()
                setOpen(false)
                if (item.to) navigate(item.to)
                item.onSelect?.()
              }}
            >
              {item.icon}
              <span>{item.label}</span>
            </button>
          ))}
        </Popover>
      )}
    </div>
  )
}
