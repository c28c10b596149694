import type { ReactNode } from 'react'
import { Link } from 'react-router-dom'
import { Logo } from '../../ui/logo'
import './auth.css'

const TILES = [
  { color: '#e9c89b', h: 180 },
  { color: '#9cb8a4', h: 240 },
  { color: '#d98f5c', h: 150 },
  { color: '#f0dcc0', h: 210 },
  { color: '#7e9cb3', h: 170 },
  { color: '#c7a27c', h: 260 },
  { color: '#b5c7a0', h: 190 },
  { color: '#e3b6a0', h: 160 },
  { color: '#a88b6b', h: 220 },
]

/** Sign-up and log-in: a warm mosaic beside a simple form card. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="auth-page">
      <div className="auth-mosaic" aria-hidden="true">
        {[0, 1, 2].map((col) => (
          <div className="auth-mosaic-col" key={col}>
            {[...TILES, ...TILES]
              .filter((_, i) => i % 3 === col)
              .map((tile, i) => (
                <div key={i} style={{ background: tile.color, height: tile.h }} />
              ))}
          </div>
        ))}
        <p className="auth-tagline">Keep the ideas you love, all in one place.</p>
      </div>
      <main className="auth-panel">
        <div className="auth-card">
          <Link to="/" className="auth-logo" aria-label="Corkboard home">
            <Logo />
          </Link>
          <h1>{title}</h1>
          {children}
        </div>
      </main>
    </div>
  )
}
