import { Logo } from '../ui/logo'
import { Spinner } from '../ui/states'

/**
 * What shows while the app starts: the header's logo over a spinner. index.html draws the
 * same frame before any script has arrived (keep the two alike), so a slow first load shows
 * Corkboard at once and never goes blank between the frame and the first page.
 */
export function BootFrame() {
  return (
    <>
      <header className="app-header">
        <a href="/" className="header-logo" aria-label="Corkboard home">
          <Logo />
        </a>
      </header>
      <Spinner label="Loading Corkboard" />
    </>
  )
}
