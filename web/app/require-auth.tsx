import { Navigate, Outlet, useLocation } from 'react-router-dom'
import { useSession } from './session'

/** Sends signed-out visitors to the log-in page, and back here afterwards. */
export function RequireAuth() {
  const { account } = useSession()
  const location = useLocation()
  if (!account) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />
  }
  return <Outlet />
}
