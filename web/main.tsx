// Base styles first, so feature styles imported by the app come after them in the cascade.
import './ui/base.css'
import './ui/components.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createPath } from 'react-router-dom'
import { App, router } from './app/app'

// A page's chunk that is gone (a tab left open across an upgrade: the server has new file
// names): the page being opened is loaded afresh, with the new app — at most once a minute,
// so never in a loop.
window.addEventListener('vite:preloadError', (event) => {
  const last = Number(sessionStorage.getItem('corkboard:reloaded-at') ?? 0)
  if (Date.now() - last < 60_000) return
  event.preventDefault()
  sessionStorage.setItem('corkboard:reloaded-at', String(Date.now()))
  const opening = router.state.navigation.location
  window.location.assign(opening ? createPath(opening) : window.location.href)
})

const root = document.getElementById('root')
if (!root) throw new Error('#root is missing from index.html')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
