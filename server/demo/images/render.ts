import sharp from 'sharp'
import { createRng } from '../prng'
import { art, garden } from './botanical'
import { recipes } from './food'
import { home, style } from './interiors'
import { camping } from './camping'
import { travel } from './travel'
import { Svg } from './svg'

export const THEMES = ['recipes', 'travel', 'camping', 'home', 'style', 'garden', 'art'] as const
export type Theme = (typeof THEMES)[number]

const SCENES: Record<Theme, (s: Svg, rng: ReturnType<typeof createRng>) => void> = {
  recipes,
  travel,
  camping,
  home,
  style,
  garden,
  art,
}

/** Pinterest's grid is portrait-heavy: width:height ratios, weighted by repetition. */
export const ASPECTS = [
  [2, 3],
  [2, 3],
  [2, 3],
  [3, 4],
  [3, 4],
  [4, 5],
  [1, 1],
  [9, 16],
] as const

export const IMAGE_WIDTH = 800

/** The SVG markup of one demo picture. */
export function demoImageSvg(
  theme: Theme,
  seed: string | number,
  aspect?: readonly [number, number],
) {
  const rng = createRng(`${theme}:${seed}`)
  const [aw, ah] = aspect ?? rng.pick(ASPECTS)
  const s = new Svg(IMAGE_WIDTH, Math.round((IMAGE_WIDTH * ah) / aw))
  SCENES[theme](s, rng)
  return s.toString()
}

/** One demo picture as a PNG (fast to encode; the media pipeline re-encodes it), deterministic. */
export async function renderDemoImage(
  theme: Theme,
  seed: string | number,
  aspect?: readonly [number, number],
): Promise<Buffer> {
  return sharp(Buffer.from(demoImageSvg(theme, seed, aspect)))
    .png({ compressionLevel: 1 })
    .toBuffer()
}
