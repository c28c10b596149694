import { Flag, MoreHorizontal } from 'lucide-react'
import { useState, type ReactNode } from 'react'
import { Menu, type MenuItem } from '../../ui/menu'
import { targetNoun, type ReportTarget } from './moderation-api'
import { ReportDialog } from './report-dialog'

/**
 * A "Report …" item for an existing ⋯ menu, and the dialog it opens (render `dialog`
 * next to the menu). The dialog exists only while open: a conversation has one menu per
 * message, and a closed <dialog> in each row would be DOM and effects for nothing.
 */
export function useReportItem(target: ReportTarget): { item: MenuItem; dialog: ReactNode } {
  const [open, setOpen] = useState(false)
  return {
    item: {
      label: `Report ${targetNoun(target.type)}`,
      icon: <Flag size={18} />,
      onSelect: () => setOpen(true),
    },
    dialog: open ? <ReportDialog onClose={() => setOpen(false)} target={target} /> : null,
  }
}

/** A ⋯ menu holding only "Report …", for things that had no menu for their viewers. */
export function ReportMenu({
  target,
  label = 'More options',
  triggerClassName,
  align = 'end',
  size = 22,
}: {
  target: ReportTarget
  label?: string
  triggerClassName?: string
  align?: 'start' | 'end'
  size?: number
}) {
  const report = useReportItem(target)
  return (
    <>
      <Menu
        label={label}
        align={align}
        triggerClassName={triggerClassName}
        trigger={<MoreHorizontal size={size} aria-hidden="true" />}
        items={[report.item]}
      />
      {report.dialog}
    </>
  )
}
