import { Lock } from 'lucide-react'
import { Link } from 'react-router-dom'
import type { Board } from '../../../protocol/api'
import { boardPath } from './boards-api'
import './boards.css'

function Cover({ src }: { src: string | undefined }) {
  return src ? <img src={src} alt="" loading="lazy" /> : <span className="cover-empty" />
}

/**
 * A board in a grid: a three-picture collage, its name and pin count (and whose it is, where
 * boards of several people mix, as in search).
 */
export function BoardCard({ board, showOwner = false }: { board: Board; showOwner?: boolean }) {
  const thumbs = board.media?.pin_thumbnail_urls ?? []
  const first = board.media?.image_cover_url ?? thumbs[0]
  const rest = thumbs.filter((url) => url !== first)
  return (
    <Link to={boardPath(board)} className="board-card">
      <div className="board-cover" aria-hidden="true">
        <div className="board-cover-main">
          <Cover src={first} />
        </div>
        <div className="board-cover-side">
          <Cover src={rest[0]} />
          <Cover src={rest[1]} />
        </div>
      </div>
      <div className="board-card-text">
        <h3>
          {board.name}
          {board.privacy === 'SECRET' && <Lock size={14} aria-label="Secret board" />}
        </h3>
        <p>
          {showOwner && <>by {board.owner.username} · </>}
          {board.pin_count} {board.pin_count === 1 ? 'pin' : 'pins'}
        </p>
      </div>
    </Link>
  )
}
