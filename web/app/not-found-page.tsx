import { MapPinOff } from 'lucide-react'
import { ButtonLink } from '../ui/button'
import { EmptyState } from '../ui/states'

export function NotFoundPage() {
  return (
    <>
      <h1 className="visually-hidden">Page not found</h1>
      <EmptyState
        icon={<MapPinOff size={28} />}
        title="Nothing pinned here"
        action={
          <ButtonLink to="/" variant="primary">
            Back to your feed
          </ButtonLink>
        }
      >
        This page does not exist, or it is not yours to see.
      </EmptyState>
    </>
  )
}
