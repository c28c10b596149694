import type { Rng } from '../prng'
import { hsl, ridge, shade, smoothFill, type Hsl, type Svg } from './svg'

import { drawSky, sky } from './sky'

function pine(s: Svg, x: number, baseY: number, h: number, color: string) {
  const w = h * 0.42
  s.rect(x - h * 0.03, baseY - h * 0.12, h * 0.06, h * 0.14, color)
  for (let i = 0; i < 3; i++) {
    const top = baseY - h + i * h * 0.26
    const bot = baseY - h * 0.1 - (2 - i) * h * 0.18
    const half = (w / 2) * (0.6 + i * 0.2)
    s.poly(
      [
        [x, top],
        [x + half, bot],
        [x - half, bot],
      ],
      color,
    )
  }
}

/** Mountains, pines and a tent, sometimes a lake and a campfire. */
export function camping(s: Svg, rng: Rng) {
  const W = s.width
  const H = s.height
  const horizon = H * rng.range(0.5, 0.62)
  const k = sky(rng)
  drawSky(s, rng, k, horizon)
  const base: Hsl = {
    h: rng.pick([150, 165, 200, 215, 260]),
    s: rng.range(20, 40),
    l: k.night ? 22 : 48,
  }
  // three mountain ranges, far to near
  for (let layer = 0; layer < 3; layer++) {
    const baseY = horizon - (2 - layer) * H * 0.04
    const amp = H * (0.26 - layer * 0.06)
    const pts = ridge(rng, W, baseY, amp, rng.int(4, 7) + layer * 2, layer < 2)
    const fill = shade(base, 24 - layer * 14, -layer * 3)
    if (layer < 2) {
      s.poly([[0, H], ...pts, [W, H]], fill)
      if (layer === 0) {
        for (let i = 1; i < pts.length - 1; i++) {
          const [px, py] = pts[i]!
          if (py < baseY - amp * 0.7) {
            const cap = amp * 0.16
            s.poly(
              [
                [px, py],
                [px + cap * 0.9, py + cap],
                [px + cap * 0.3, py + cap * 0.8],
                [px - cap * 0.2, py + cap * 1.1],
                [px - cap * 0.9, py + cap],
              ],
              k.night ? hsl(220, 20, 75) : 'white',
              'opacity="0.9"',
            )
          }
        }
      }
    } else {
      s.path(smoothFill(pts, H), fill)
    }
  }
  const groundY = horizon + H * 0.05
  const lake = rng.chance(0.4)
  if (lake) {
    const top = groundY + H * 0.02
    s.rect(
      0,
      top,
      W,
      H * 0.14,
      s.linear([
        [0, k.bottom],
        [1, k.top],
      ]),
      'opacity="0.85"',
    )
    for (let i = 0; i < 6; i++) {
      s.rect(
        rng.range(0, W * 0.8),
        top + rng.range(5, H * 0.13),
        rng.range(40, 160),
        2,
        'white',
        'opacity="0.35"',
      )
    }
  }
  for (let i = 0; i < rng.int(7, 14); i++) {
    pine(
      s,
      rng.range(0, W),
      groundY + rng.range(-10, 20),
      rng.range(H * 0.08, H * 0.16),
      shade(base, -16 - rng.range(0, 10), 5, -10),
    )
  }
  const meadowTop = lake ? groundY + H * 0.16 : groundY + H * 0.04
  const meadow = ridge(rng, W, meadowTop, H * 0.05, 5)
  s.path(
    smoothFill(meadow, H),
    s.linear([
      [0, shade(base, -8, 10, -20)],
      [1, shade(base, -26, 10, -25)],
    ]),
  )
  // tent
  const tx = rng.range(0.28, 0.6) * W
  const ty = meadowTop + H * 0.12
  const tw = rng.range(0.28, 0.38) * W
  const th = tw * 0.62
  const tent: Hsl = { h: rng.pick([12, 28, 45, 190, 350]), s: 75, l: k.night ? 40 : 55 }
  s.ellipse(
    tx + tw / 2,
    ty + 4,
    tw * 0.66,
    16,
    s.radial([
      [0, 'rgba(0,0,0,0.35)'],
      [1, 'rgba(0,0,0,0)'],
    ]),
  )
  s.poly(
    [
      [tx, ty],
      [tx + tw / 2, ty - th],
      [tx + tw, ty],
    ],
    shade(tent, 0),
  )
  s.poly(
    [
      [tx + tw / 2, ty - th],
      [tx + tw, ty],
      [tx + tw * 0.62, ty],
    ],
    shade(tent, -12),
  )
  const doorFill = k.night
    ? s.linear([
        [0, hsl(45, 100, 75)],
        [1, hsl(30, 100, 55)],
      ])
    : shade(tent, -25)
  s.poly(
    [
      [tx + tw / 2, ty - th * 0.62],
      [tx + tw * 0.62, ty],
      [tx + tw * 0.38, ty],
    ],
    doorFill,
  )
  if (k.night || rng.chance(0.4)) {
    const fx = tx + tw + tw * 0.35
    s.circle(
      fx,
      ty - 16,
      60,
      s.radial([
        [0, hsl(40, 100, 65, 0.6)],
        [1, hsl(40, 100, 65, 0)],
      ]),
    )
    s.poly(
      [
        [fx - 20, ty],
        [fx, ty - 46],
        [fx + 20, ty],
      ],
      hsl(20, 95, 55),
    )
    s.poly(
      [
        [fx - 10, ty],
        [fx + 2, ty - 28],
        [fx + 12, ty],
      ],
      hsl(48, 100, 65),
    )
    s.rect(fx - 26, ty - 2, 52, 7, hsl(25, 40, 28), 'rx="3"')
  }
}
