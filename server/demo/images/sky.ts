import type { Rng } from '../prng'
import { hsl, n, type Svg } from './svg'

export interface Sky {
  top: string
  bottom: string
  sun: string
  night: boolean
}

export function sky(rng: Rng, hueShift = 0, allowNight = true): Sky {
  const mood = rng.pick(
    allowNight ? (['day', 'dusk', 'dawn', 'night'] as const) : (['day', 'dusk', 'dawn'] as const),
  )
  const h = hueShift
  switch (mood) {
    case 'day':
      return {
        top: hsl(205 + h, 70, 62),
        bottom: hsl(195 + h, 60, 88),
        sun: hsl(48, 100, 92),
        night: false,
      }
    case 'dusk':
      return {
        top: hsl(255 + h, 45, 38),
        bottom: hsl(22 + h, 90, 70),
        sun: hsl(40, 100, 82),
        night: false,
      }
    case 'dawn':
      return {
        top: hsl(200 + h, 50, 72),
        bottom: hsl(345 + h, 70, 86),
        sun: hsl(35, 100, 88),
        night: false,
      }
    case 'night':
      return {
        top: hsl(230 + h, 55, 14),
        bottom: hsl(220 + h, 45, 34),
        sun: hsl(50, 60, 92),
        night: true,
      }
  }
}

export function drawSky(s: Svg, rng: Rng, k: Sky, horizon: number) {
  s.rect(
    0,
    0,
    s.width,
    s.height,
    s.linear(
      [
        [0, k.top],
        [1, k.bottom],
      ],
      0,
      0,
      0,
      horizon / s.height,
    ),
  )
  if (k.night) {
    for (let i = 0; i < 70; i++) {
      s.circle(
        rng.range(0, s.width),
        rng.range(0, horizon * 0.8),
        rng.range(0.6, 2.2),
        'white',
        `opacity="${n(rng.range(0.3, 0.9))}"`,
      )
    }
  }
  const sx = rng.range(0.2, 0.8) * s.width
  const sy = rng.range(0.25, 0.75) * horizon
  const r = rng.range(38, 70)
  s.circle(
    sx,
    sy,
    r * 3,
    s.radial([
      [0, k.sun],
      [1, 'rgba(255,255,255,0)'],
    ]),
    'opacity="0.55"',
  )
  s.circle(sx, sy, r, k.sun)
  if (!k.night) {
    for (let i = 0; i < rng.int(1, 3); i++)
      cloud(s, rng, rng.range(0, s.width), rng.range(0.1, 0.55) * horizon)
  }
}

export function cloud(s: Svg, rng: Rng, x: number, y: number) {
  const w = rng.range(90, 180)
  const fill = 'rgba(255,255,255,0.75)'
  s.ellipse(x, y, w / 2, w / 7, fill)
  s.circle(x - w / 6, y - w / 12, w / 6, fill)
  s.circle(x + w / 10, y - w / 8, w / 5, fill)
}
