import { useEffect } from 'react'

/** Names the browser tab after the page (what screen readers announce on navigation). */
export function useDocumentTitle(title: string | null | undefined) {
  useEffect(() => {
    document.title = title ? `${title} · Corkboard` : 'Corkboard'
  }, [title])
}
