import type { Rng } from '../prng'
import { hsl, n, ridge, shade, smoothFill, type Hsl, Svg } from './svg'

import { drawSky, sky } from './sky'

function palm(s: Svg, rng: Rng, x: number, baseY: number, h: number, color: string) {
  const lean = rng.range(-0.35, 0.35) * h
  const topX = x + lean
  const topY = baseY - h
  s.path(
    `M${n(x - 9)},${n(baseY)} Q${n(x + lean * 0.2)},${n(baseY - h * 0.5)} ${n(topX - 4)},${n(topY)} L${n(topX + 4)},${n(topY)} Q${n(x + lean * 0.2 + 12)},${n(baseY - h * 0.5)} ${n(x + 9)},${n(baseY)} Z`,
    color,
  )
  for (let i = 0; i < 7; i++) {
    const a = (i / 7) * Math.PI * 2 + rng.range(-0.2, 0.2)
    const len = h * rng.range(0.32, 0.45)
    const ex = topX + Math.cos(a) * len
    const ey = topY + Math.sin(a) * len * 0.55 + len * 0.25
    const mx = topX + Math.cos(a) * len * 0.5
    const my = topY + Math.sin(a) * len * 0.3 - len * 0.12
    s.path(
      `M${n(topX)},${n(topY)} Q${n(mx)},${n(my - len * 0.28)} ${n(ex)},${n(ey)} Q${n(mx)},${n(my + len * 0.12)} ${n(topX)},${n(topY)} Z`,
      color,
    )
  }
}

function beach(s: Svg, rng: Rng) {
  const W = s.width
  const H = s.height
  const horizon = H * rng.range(0.48, 0.58)
  const k = sky(rng, rng.range(-10, 10), false)
  drawSky(s, rng, k, horizon)
  const seaHue = rng.range(175, 200)
  s.band(hsl(seaHue + 15, 60, 42), hsl(seaHue, 70, 62), horizon)
  for (let i = 0; i < 14; i++) {
    const y = horizon + rng.range(6, (H - horizon) * 0.5)
    s.rect(
      rng.range(-50, W),
      y,
      rng.range(30, 140),
      2.5,
      'white',
      `opacity="${n(rng.range(0.2, 0.5))}"`,
    )
  }
  const sandTop = horizon + (H - horizon) * rng.range(0.45, 0.6)
  const sand = ridge(rng, W, sandTop, H * 0.04, 4)
  s.path(
    smoothFill(
      sand.map(([x, y]) => [x, y - 6]),
      H,
    ),
    'white',
    'opacity="0.7"',
  )
  s.path(
    smoothFill(sand, H),
    s.linear([
      [0, hsl(40, 65, 82)],
      [1, hsl(32, 55, 70)],
    ]),
  )
  const palmColor = hsl(rng.range(150, 170), 35, 22)
  const side = rng.chance(0.5) ? 0.12 : 0.85
  palm(s, rng, W * side, sandTop + H * 0.12, H * rng.range(0.42, 0.55), palmColor)
  if (rng.chance(0.6))
    palm(
      s,
      rng,
      W * (side + (side < 0.5 ? 0.16 : -0.16)),
      sandTop + H * 0.1,
      H * rng.range(0.28, 0.38),
      palmColor,
    )
  if (rng.chance(0.7)) {
    const ux = W * (side < 0.5 ? rng.range(0.55, 0.75) : rng.range(0.25, 0.45))
    const uy = sandTop + H * 0.1
    const c = rng.pick([hsl(0, 75, 58), hsl(200, 70, 50), hsl(45, 95, 58), hsl(330, 65, 62)])
    s.rect(ux - 2, uy - 130, 4, 140, hsl(30, 20, 35))
    s.path(
      `M${n(ux - 85)},${n(uy - 120)} Q${n(ux)},${n(uy - 200)} ${n(ux + 85)},${n(uy - 120)} Z`,
      c,
    )
    s.path(
      `M${n(ux - 28)},${n(uy - 120)} Q${n(ux)},${n(uy - 205)} ${n(ux + 28)},${n(uy - 120)} Z`,
      'white',
      'opacity="0.85"',
    )
    s.ellipse(ux + 20, uy + 12, 80, 10, 'rgba(0,0,0,0.12)')
  }
}

function village(s: Svg, rng: Rng) {
  const W = s.width
  const H = s.height
  const horizon = H * rng.range(0.3, 0.42)
  const k = sky(rng, 0, false)
  drawSky(s, rng, k, horizon)
  s.band(hsl(205, 65, 45), hsl(195, 70, 60), horizon)
  const wall = rng.pick([hsl(40, 40, 95), hsl(30, 50, 88), hsl(15, 45, 80)])
  const accent = rng.pick([hsl(212, 80, 42), hsl(200, 70, 45), hsl(15, 65, 52)])
  const hillTop = horizon + (H - horizon) * 0.12
  s.path(smoothFill(ridge(rng, W, hillTop, H * 0.06, 4), H), hsl(30, 30, 62))
  const rows = Math.max(4, Math.round((H - hillTop) / 95))
  for (let r = 0; r < rows; r++) {
    const y = hillTop + H * 0.05 + ((H - hillTop) / (rows - 0.5)) * r
    let x = -rng.range(0, 60)
    while (x < W) {
      const w = rng.range(90, 170)
      const h = rng.range(90, 140)
      s.rect(x + 8, y - h + 8, w, h, 'rgba(0,0,0,0.14)')
      s.rect(x, y - h, w, h, wall)
      s.rect(x + w * 0.7, y - h, w * 0.3, h, 'rgba(0,0,0,0.06)')
      if (rng.chance(0.25)) {
        s.path(
          `M${n(x + w * 0.15)},${n(y - h)} A${n(w * 0.35)},${n(w * 0.35)} 0 0 1 ${n(x + w * 0.85)},${n(y - h)} Z`,
          accent,
        )
      }
      for (let i = 0; i < rng.int(1, 3); i++) {
        const wx = x + rng.range(0.12, 0.7) * w
        const wy = y - h + rng.range(0.25, 0.55) * h
        s.rect(wx, wy, 16, 24, accent, 'rx="8" ry="8"')
      }
      x += w + rng.range(-10, 8)
    }
  }
  if (rng.chance(0.6)) {
    for (let i = 0; i < 5; i++)
      s.circle(
        rng.range(0, W),
        H - rng.range(10, 160),
        rng.range(14, 30),
        hsl(320 + rng.range(-15, 15), 70, 60),
        'opacity="0.9"',
      )
  }
}

function balloons(s: Svg, rng: Rng) {
  const W = s.width
  const H = s.height
  const horizon = H * rng.range(0.7, 0.8)
  const k = sky(rng, 0, false)
  drawSky(s, rng, k, horizon)
  const hill: Hsl = { h: rng.range(80, 140), s: 30, l: 55 }
  for (let layer = 0; layer < 3; layer++) {
    const pts = ridge(rng, W, horizon + layer * H * 0.06, H * 0.06, 5)
    s.path(smoothFill(pts, H), shade(hill, 10 - layer * 12))
  }
  const count = rng.int(3, 6)
  for (let i = 0; i < count; i++) {
    const r = rng.range(30, 85)
    const x = rng.range(r, W - r)
    const y = rng.range(0.15, 0.6) * H
    const c: Hsl = { h: rng.range(0, 360), s: 75, l: 60 }
    s.path(
      `M${n(x - r)},${n(y)} A${n(r)},${n(r)} 0 1 1 ${n(x + r)},${n(y)} Q${n(x + r * 0.8)},${n(y + r * 0.7)} ${n(x + r * 0.25)},${n(y + r * 1.2)} L${n(x - r * 0.25)},${n(y + r * 1.2)} Q${n(x - r * 0.8)},${n(y + r * 0.7)} ${n(x - r)},${n(y)} Z`,
      shade(c, 0),
    )
    s.path(
      `M${n(x - r * 0.35)},${n(y - r * 0.94)} Q${n(x - r * 0.45)},${n(y + r * 0.4)} ${n(x - r * 0.12)},${n(y + r * 1.2)} L${n(x + r * 0.12)},${n(y + r * 1.2)} Q${n(x + r * 0.45)},${n(y + r * 0.4)} ${n(x + r * 0.35)},${n(y - r * 0.94)} Z`,
      shade(c, 18, 0, 40),
    )
    s.rect(x - r * 0.18, y + r * 1.35, r * 0.36, r * 0.28, hsl(28, 45, 35), 'rx="3"')
  }
}

export function travel(s: Svg, rng: Rng) {
  rng.pick([beach, beach, village, balloons])(s, rng)
}
