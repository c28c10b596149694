import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react'
import type { AuthResult, OwnAccount } from '../../protocol/api'
import { ApiError, api, onUnauthorized, setCsrfToken } from '../lib/api'

interface SessionValue {
  status: 'loading' | 'ready'
  account: OwnAccount | null
  /** Records a successful sign-up or log-in. */
  signedIn: (result: AuthResult) => void
  signOut: () => Promise<void>
  setAccount: (account: OwnAccount) => void
}

const SessionContext = createContext<SessionValue | null>(null)

export function useSession(): SessionValue {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession outside SessionProvider')
  return value
}

/** The signed-in account, for screens that only render when signed in. */
export function useAccount(): OwnAccount {
  const { account } = useSession()
  if (!account) throw new Error('useAccount while signed out')
  return account
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<'loading' | 'ready'>('loading')
  const [account, setAccountState] = useState<OwnAccount | null>(null)

  useEffect(() => {
    let live = true
    api<AuthResult>('/v5/auth/session').then(
      (result) => {
        if (!live) return
        setCsrfToken(result.csrf_token)
        setAccountState(result.account)
        setStatus('ready')
      },
      (err: unknown) => {
        if (!live) return
        if (!(err instanceof ApiError && err.status === 401)) console.warn(err)
        setStatus('ready')
      },
    )
    onUnauthorized(() => setAccountState(null))
    return () => {
      live = false
      onUnauthorized(null)
    }
  }, [])

  const signedIn = useCallback((result: AuthResult) => {
    setCsrfToken(result.csrf_token)
    setAccountState(result.account)
  }, [])

  const signOut = useCallback(async () => {
    try {
      await api('/v5/auth/logout', { method: 'POST' })
    } finally {
      setCsrfToken(null)
      setAccountState(null)
    }
  }, [])

  const value = useMemo(
    () => ({ status, account, signedIn, signOut, setAccount: setAccountState }),
    [status, account, signedIn, signOut],
  )
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}
