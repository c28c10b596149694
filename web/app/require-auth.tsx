import { Navigate, Outlet, useLocation } from 'react-router-dom'
import { MyBoardsProvider } from '../features/boards/my-boards'
import { Spinner } from '../ui/states'
import { useSession } from './session'

/** Sends signed-out visitors to the log-in page, and back here afterwards. */
export function RequireAuth() {
  const { status, account } = useSession()
  const location = useLocation()
  if (status === 'loading') return <Spinner label="Loading Corkboard" />
  if (!account) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />
  }
  return (
    <MyBoardsProvider userId={account.id}>
      <Outlet />
    </MyBoardsProvider>
  )
}
