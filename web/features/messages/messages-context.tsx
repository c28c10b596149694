import {
  createContext,
  useContext,
  useEffect,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react'
import { Stream } from '../../lib/stream'
import { MessagesStore, type MessagesState } from './store'

const StoreContext = createContext<MessagesStore | null>(null)

/** One stream and one Messages store per signed-in tab. */
export function MessagesProvider({
  userId,
  username,
  children,
}: {
  userId: string
  username: string
  children: ReactNode
}) {
  const [store] = useState(
    () =>
      new MessagesStore(username, new Stream({ storageKey: `corkboard:stream-cursor:${userId}` })),
  )
  useEffect(() => {
    store.start()
    return () => store.stop()
  }, [store])
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>
}

export function useMessagesStore(): MessagesStore {
  const store = useContext(StoreContext)
  if (!store) throw new Error('useMessagesStore outside MessagesProvider')
  return store
}

/** The store when signed in (pages that also render for visitors). */
export function useOptionalMessagesStore(): MessagesStore | null {
  return useContext(StoreContext)
}

/** Subscribes to a slice of the Messages state (return stable references). */
export function useMessages<T>(select: (state: MessagesState) => T): T {
  const store = useMessagesStore()
  return useSyncExternalStore(store.subscribe, () => select(store.getState()))
}

/** The live counts of a pin, when a `pin.updated` event has told them. */
export function usePinCounts(pinId: string) {
  const store = useOptionalMessagesStore()
  return useSyncExternalStore(
    store?.subscribe ?? noopSubscribe,
    () => store?.getState().pins[pinId],
  )
}

const noopSubscribe = () => () => undefined
