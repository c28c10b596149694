import { useEffect } from 'react'
import { Navigate, Outlet } from 'react-router-dom'
import { useAccount } from '../../app/session'
import { useResource } from '../../lib/use-resource'
import { Spinner } from '../../ui/states'
import {
  knownOnboarded,
  ONBOARDING_STATUS_PATH,
  rememberOnboarded,
  type OnboardingStatus,
} from './onboarding-api'

/**
 * The home feed's door for a new account: until first sign-in's topics and follows are done
 * or skipped, it leads to /onboarding. Asked once per browser; if the server cannot say, the
 * feed opens all the same.
 */
export function OnboardingGate() {
  const account = useAccount()
  const known = knownOnboarded(account.id)
  const status = useResource<OnboardingStatus>(known ? null : ONBOARDING_STATUS_PATH)
  const done = status.data?.status === 'DONE'

  useEffect(() => {
    if (done) rememberOnboarded(account.id)
  }, [done, account.id])

  if (known || done || status.status === 'error') return <Outlet />
  if (status.data?.status === 'PENDING') return <Navigate to="/onboarding" replace />
  return (
    <div className="page">
      <Spinner label="Loading your home feed" />
    </div>
  )
}
