import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react'
import { useOptionalMessagesStore } from '../messages/messages-context'
import { markNoticesRead, noticeSummary, type Notice } from './moderation-api'

interface NoticesApi {
  /** notices not read yet (the header's badge) */
  unread: number
  /** marks every notice up to `id` read */
  markRead: (id: string) => Promise<void>
  refresh: () => void
}

const NoticesContext = createContext<NoticesApi>({
  unread: 0,
  markRead: async () => {},
  refresh: () => {},
})

export function useNotices(): NoticesApi {
  return useContext(NoticesContext)
}

/** Calls `handler` with each notice the stream brings while mounted. */
export function useNoticeArrivals(handler: (notice: Notice) => void) {
  const store = useOptionalMessagesStore()
  useEffect(() => {
    if (!store) return
    return store.live.on('notice.created', (event) => handler(event.notice))
  }, [store, handler])
}

/**
 * The signed-in person's notices count: asked for once, then kept by the stream's
 * `notice.created` events (and asked again after a resync, when events may have been missed).
 */
export function NoticesProvider({ children }: { children: ReactNode }) {
  const store = useOptionalMessagesStore()
  const [unread, setUnread] = useState(0)
  const generation = useRef(0)

  const refresh = useCallback(() => {
    const mine = ++generation.current
    noticeSummary().then(
      (page) => {
        if (mine === generation.current) setUnread(page.unread)
      },
      () => {
        // the badge stays as it was; the next event or resync corrects it
      },
    )
  }, [])

  useEffect(() => {
    refresh()
    if (!store) return
    const offEvent = store.live.on('notice.created', ({ notice }) => {
      generation.current++
      if (!notice.read_at) setUnread((n) => n + 1)
    })
    const offSync = store.live.onSync(refresh)
    return () => {
      offEvent()
      offSync()
    }
  }, [store, refresh])

  const markRead = useCallback(async (id: string) => {
    generation.current++
    setUnread(0)
    await markNoticesRead(id)
  }, [])

  const value = useMemo(() => ({ unread, markRead, refresh }), [unread, markRead, refresh])
  return <NoticesContext.Provider value={value}>{children}</NoticesContext.Provider>
}
