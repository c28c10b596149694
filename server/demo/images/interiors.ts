import type { Rng } from '../prng'
import { hsl, n, type Hsl, Svg } from './svg'

function leafyPlant(s: Svg, rng: Rng, x: number, floorY: number, h: number, pot: string) {
  const potW = h * 0.32
  const potH = h * 0.28
  const leaf = rng.range(95, 140)
  for (let i = 0; i < rng.int(7, 11); i++) {
    const a = rng.range(-2.6, -0.5)
    const len = h * rng.range(0.45, 0.8)
    const ex = x + Math.cos(a) * len
    const ey = floorY - potH + Math.sin(a) * len
    s.path(
      `M${n(x)},${n(floorY - potH)} L${n(ex)},${n(ey)}`,
      'none',
      `stroke="${hsl(leaf, 40, 28)}" stroke-width="3"`,
    )
    s.ellipse(
      ex,
      ey,
      h * 0.13,
      h * 0.065,
      hsl(leaf + rng.range(-10, 10), 45, rng.range(28, 42)),
      `transform="rotate(${Math.round((a * 180) / Math.PI)} ${n(ex)} ${n(ey)})"`,
    )
  }
  s.path(
    `M${n(x - potW / 2)},${n(floorY - potH)} L${n(x + potW / 2)},${n(floorY - potH)} L${n(x + potW * 0.38)},${n(floorY)} L${n(x - potW * 0.38)},${n(floorY)} Z`,
    pot,
  )
}

function framedArt(s: Svg, rng: Rng, x: number, y: number, w: number, h: number) {
  s.rect(x + 6, y + 8, w, h, 'rgba(0,0,0,0.12)')
  s.rect(x, y, w, h, hsl(30, 25, rng.chance(0.5) ? 20 : 92))
  s.rect(x + w * 0.08, y + h * 0.08, w * 0.84, h * 0.84, hsl(40, 30, 96))
  const hue = rng.range(0, 360)
  s.circle(x + w * rng.range(0.3, 0.7), y + h * rng.range(0.3, 0.6), w * 0.22, hsl(hue, 55, 60))
  s.rect(x + w * 0.15, y + h * 0.62, w * 0.7, h * 0.2, hsl(hue + 150, 35, 45))
}

function sofaRoom(s: Svg, rng: Rng) {
  const W = s.width
  const H = s.height
  const wall: Hsl = rng.pick([
    { h: 35, s: 30, l: 88 },
    { h: 150, s: 18, l: 75 },
    { h: 15, s: 45, l: 78 },
    { h: 210, s: 25, l: 80 },
    { h: 45, s: 55, l: 82 },
  ])
  const floorY = H * rng.range(0.68, 0.76)
  s.band(hsl(wall.h, wall.s, wall.l + 4), hsl(wall.h, wall.s, wall.l - 4), 0, floorY)
  s.rect(0, floorY, W, H - floorY, hsl(30, 35, rng.range(45, 62)))
  for (let x = 0; x < W; x += 90) s.rect(x, floorY, 2, H - floorY, 'rgba(0,0,0,0.08)')
  s.ellipse(
    W / 2,
    floorY + (H - floorY) * 0.45,
    W * 0.42,
    (H - floorY) * 0.3,
    hsl(rng.range(0, 360), 25, 84),
  )
  if (rng.chance(0.5)) {
    const wx = W * rng.range(0.55, 0.7)
    s.rect(wx, floorY * 0.12, W * 0.28, floorY * 0.42, hsl(200, 50, 88))
    s.rect(
      wx,
      floorY * 0.12,
      W * 0.28,
      floorY * 0.42,
      'none',
      `stroke="${hsl(0, 0, 98)}" stroke-width="10"`,
    )
    s.rect(wx + W * 0.14 - 3, floorY * 0.12, 6, floorY * 0.42, hsl(0, 0, 98))
  } else {
    framedArt(s, rng, W * rng.range(0.3, 0.4), floorY * 0.18, W * 0.3, floorY * 0.32)
  }
  const sofa: Hsl = {
    h: rng.pick([15, 35, 200, 160, 340, 45]),
    s: rng.range(30, 55),
    l: rng.range(40, 60),
  }
  const sw = W * 0.72
  const sx = W * 0.14
  const sy = floorY - H * 0.02
  const sh = W * 0.26
  s.ellipse(sx + sw / 2, sy + 4, sw * 0.55, 16, 'rgba(0,0,0,0.2)')
  s.rect(sx, sy - sh, sw, sh * 0.62, hsl(sofa.h, sofa.s, sofa.l - 6), 'rx="24"')
  s.rect(sx - 10, sy - sh * 0.5, sw + 20, sh * 0.42, hsl(sofa.h, sofa.s, sofa.l), 'rx="18"')
  s.rect(sx - 24, sy - sh * 0.7, 50, sh * 0.65, hsl(sofa.h, sofa.s, sofa.l + 4), 'rx="22"')
  s.rect(sx + sw - 26, sy - sh * 0.7, 50, sh * 0.65, hsl(sofa.h, sofa.s, sofa.l + 4), 'rx="22"')
  s.rect(sx + 20, sy - 12, 10, 14, hsl(30, 30, 25))
  s.rect(sx + sw - 30, sy - 12, 10, 14, hsl(30, 30, 25))
  for (let i = 0; i < rng.int(2, 3); i++) {
    const c = hsl(sofa.h + rng.range(120, 240), rng.range(35, 60), rng.range(55, 75))
    s.rect(
      sx + 40 + i * sw * 0.24,
      sy - sh * 0.82,
      sw * 0.2,
      sh * 0.36,
      c,
      `rx="16" transform="rotate(${rng.int(-8, 8)} ${n(sx + 40 + i * sw * 0.24)} ${n(sy - sh * 0.6)})"`,
    )
  }
  // floor lamp
  const lx = rng.chance(0.5) ? W * 0.07 : W * 0.93
  const lampTop = floorY - H * 0.42
  s.rect(lx - 3, lampTop, 6, floorY - lampTop, hsl(35, 20, 20))
  s.ellipse(lx, floorY, 26, 6, hsl(35, 20, 20))
  s.circle(
    lx,
    lampTop + 40,
    120,
    s.radial([
      [0, hsl(45, 100, 80, 0.5)],
      [1, hsl(45, 100, 80, 0)],
    ]),
  )
  s.path(
    `M${n(lx - 40)},${n(lampTop + 50)} L${n(lx - 22)},${n(lampTop)} L${n(lx + 22)},${n(lampTop)} L${n(lx + 40)},${n(lampTop + 50)} Z`,
    hsl(42, 60, 85),
  )
  leafyPlant(
    s,
    rng,
    lx < W / 2 ? W * 0.9 : W * 0.1,
    floorY + (H - floorY) * 0.35,
    H * 0.26,
    hsl(rng.pick([15, 30, 200]), 30, 55),
  )
}

function shelfWall(s: Svg, rng: Rng) {
  const W = s.width
  const H = s.height
  const wall: Hsl = {
    h: rng.pick([25, 45, 160, 205, 350]),
    s: rng.range(20, 45),
    l: rng.range(72, 86),
  }
  s.rect(0, 0, W, H, hsl(wall.h, wall.s, wall.l))
  const shelves = Math.max(3, Math.round(H / 300))
  for (let i = 0; i < shelves; i++) {
    const y = ((i + 1) * H) / (shelves + 0.4)
    s.rect(W * 0.08, y, W * 0.84, 14, hsl(30, 35, 45))
    s.rect(W * 0.08, y + 14, W * 0.84, 8, 'rgba(0,0,0,0.12)')
    let x = W * 0.1
    while (x < W * 0.86) {
      const kind = rng.int(0, 3)
      if (kind === 0) {
        for (let b = 0; b < rng.int(3, 7) && x < W * 0.86; b++) {
          const bh = rng.range(90, 150)
          const bw = rng.range(16, 28)
          s.rect(x, y - bh, bw, bh, hsl(rng.range(0, 360), rng.range(30, 60), rng.range(35, 70)))
          x += bw + 2
        }
      } else if (kind === 1) {
        const vh = rng.range(90, 160)
        const vw = rng.range(50, 80)
        s.path(
          `M${n(x + vw * 0.3)},${n(y - vh)} L${n(x + vw * 0.7)},${n(y - vh)} Q${n(x + vw * 1.1)},${n(y - vh * 0.4)} ${n(x + vw * 0.8)},${n(y)} L${n(x + vw * 0.2)},${n(y)} Q${n(x - vw * 0.1)},${n(y - vh * 0.4)} ${n(x + vw * 0.3)},${n(y - vh)} Z`,
          hsl(rng.range(0, 360), rng.range(20, 50), rng.range(45, 80)),
        )
        x += vw + 16
      } else if (kind === 2) {
        leafyPlant(s, rng, x + 40, y, rng.range(120, 170), hsl(rng.range(0, 50), 35, 60))
        x += 100
      } else {
        s.circle(x + 30, y - 30, 30, hsl(rng.range(0, 360), 35, 60))
        x += 76
      }
    }
  }
}

export function home(s: Svg, rng: Rng) {
  rng.pick([sofaRoom, sofaRoom, shelfWall])(s, rng)
}

function garment(s: Svg, rng: Rng, x: number, top: number, w: number, h: number, c: Hsl) {
  s.path(
    `M${n(x)},${n(top - 34)} q14,0 14,-14 q0,-12 -12,-12`,
    'none',
    `stroke="${hsl(0, 0, 30)}" stroke-width="4"`,
  )
  s.path(
    `M${n(x - w * 0.45)},${n(top + 4)} L${n(x)},${n(top - 34)} L${n(x + w * 0.45)},${n(top + 4)}`,
    'none',
    `stroke="${hsl(30, 40, 40)}" stroke-width="6" stroke-linecap="round"`,
  )
  const kind = rng.int(0, 2)
  const fill = hsl(c.h, c.s, c.l)
  if (kind === 0) {
    // dress
    s.path(
      `M${n(x - w * 0.22)},${n(top)} L${n(x + w * 0.22)},${n(top)} L${n(x + w * 0.2)},${n(top + h * 0.35)} L${n(x + w * 0.55)},${n(top + h)} L${n(x - w * 0.55)},${n(top + h)} L${n(x - w * 0.2)},${n(top + h * 0.35)} Z`,
      fill,
    )
    s.rect(x - w * 0.21, top + h * 0.32, w * 0.42, h * 0.05, hsl(c.h, c.s, c.l - 15))
  } else if (kind === 1) {
    // shirt
    s.path(
      `M${n(x - w * 0.3)},${n(top)} L${n(x + w * 0.3)},${n(top)} L${n(x + w * 0.6)},${n(top + h * 0.35)} L${n(x + w * 0.42)},${n(top + h * 0.42)} L${n(x + w * 0.32)},${n(top + h * 0.3)} L${n(x + w * 0.32)},${n(top + h * 0.72)} L${n(x - w * 0.32)},${n(top + h * 0.72)} L${n(x - w * 0.32)},${n(top + h * 0.3)} L${n(x - w * 0.42)},${n(top + h * 0.42)} L${n(x - w * 0.6)},${n(top + h * 0.35)} Z`,
      fill,
    )
    s.path(
      `M${n(x - w * 0.12)},${n(top)} L${n(x)},${n(top + h * 0.12)} L${n(x + w * 0.12)},${n(top)} Z`,
      hsl(c.h, c.s, c.l + 12),
    )
    for (let i = 0; i < 4; i++) s.circle(x, top + h * (0.2 + i * 0.13), 4, hsl(c.h, c.s, c.l - 20))
  } else {
    // coat
    s.path(
      `M${n(x - w * 0.32)},${n(top)} L${n(x + w * 0.32)},${n(top)} L${n(x + w * 0.52)},${n(top + h * 0.95)} L${n(x + w * 0.38)},${n(top + h * 0.95)} L${n(x + w * 0.36)},${n(top + h)} L${n(x - w * 0.36)},${n(top + h)} L${n(x - w * 0.38)},${n(top + h * 0.95)} L${n(x - w * 0.52)},${n(top + h * 0.95)} Z`,
      fill,
    )
    s.path(
      `M${n(x)},${n(top + h * 0.05)} L${n(x)},${n(top + h)}`,
      'none',
      `stroke="${hsl(c.h, c.s, c.l - 15)}" stroke-width="3"`,
    )
    s.path(
      `M${n(x - w * 0.14)},${n(top)} L${n(x)},${n(top + h * 0.3)} L${n(x + w * 0.14)},${n(top)}`,
      'none',
      `stroke="${hsl(c.h, c.s, c.l - 15)}" stroke-width="4"`,
    )
  }
}

function clothingRail(s: Svg, rng: Rng) {
  const W = s.width
  const H = s.height
  const bg: Hsl = {
    h: rng.pick([20, 35, 340, 200, 260, 150]),
    s: rng.range(25, 50),
    l: rng.range(84, 92),
  }
  s.band(hsl(bg.h, bg.s, bg.l + 3), hsl(bg.h, bg.s, bg.l - 5))
  const floorY = H * 0.86
  s.rect(0, floorY, W, H - floorY, hsl(bg.h, bg.s - 10, bg.l - 14))
  const railY = H * 0.2
  s.rect(W * 0.06, railY - 5, W * 0.88, 10, hsl(35, 15, 25), 'rx="5"')
  s.rect(W * 0.08, railY, 8, floorY - railY, hsl(35, 15, 25))
  s.rect(W * 0.9, railY, 8, floorY - railY, hsl(35, 15, 25))
  const palette: Hsl[] = rng.pick([
    [
      { h: 20, s: 45, l: 60 },
      { h: 35, s: 40, l: 78 },
      { h: 10, s: 25, l: 30 },
      { h: 45, s: 30, l: 88 },
    ],
    [
      { h: 210, s: 45, l: 35 },
      { h: 200, s: 25, l: 80 },
      { h: 0, s: 0, l: 92 },
      { h: 350, s: 55, l: 55 },
    ],
    [
      { h: 150, s: 25, l: 40 },
      { h: 40, s: 50, l: 75 },
      { h: 20, s: 55, l: 50 },
      { h: 60, s: 15, l: 85 },
    ],
    [
      { h: 330, s: 45, l: 72 },
      { h: 270, s: 25, l: 60 },
      { h: 0, s: 0, l: 20 },
      { h: 30, s: 30, l: 90 },
    ],
  ])
  const count = rng.int(3, 5)
  const gw = (W * 0.8) / count
  for (let i = 0; i < count; i++) {
    garment(
      s,
      rng,
      W * 0.12 + gw * (i + 0.5),
      railY + 34,
      gw * 0.95,
      (floorY - railY) * rng.range(0.45, 0.62),
      palette[i % palette.length]!,
    )
  }
  for (let i = 0; i < rng.int(1, 2); i++) {
    const bx = W * rng.range(0.2, 0.7)
    const c = rng.pick(palette)
    s.path(
      `M${n(bx)},${n(floorY + 10)} q0,-34 30,-34 l18,0 q8,20 50,22 q12,2 12,12 z`,
      hsl(c.h, c.s, c.l - 10),
    )
  }
}

function flatLay(s: Svg, rng: Rng) {
  const W = s.width
  const H = s.height
  const bg: Hsl = { h: rng.pick([30, 200, 340, 45]), s: 25, l: 90 }
  s.rect(0, 0, W, H, hsl(bg.h, bg.s, bg.l))
  const top: Hsl = { h: rng.range(0, 360), s: rng.range(20, 55), l: rng.range(45, 80) }
  const cx = W * 0.42
  const ty = H * 0.1
  const tw = W * 0.5
  s.path(
    `M${n(cx - tw * 0.3)},${n(ty)} L${n(cx + tw * 0.3)},${n(ty)} L${n(cx + tw * 0.62)},${n(ty + tw * 0.3)} L${n(cx + tw * 0.44)},${n(ty + tw * 0.42)} L${n(cx + tw * 0.32)},${n(ty + tw * 0.32)} L${n(cx + tw * 0.32)},${n(ty + tw * 0.95)} L${n(cx - tw * 0.32)},${n(ty + tw * 0.95)} L${n(cx - tw * 0.32)},${n(ty + tw * 0.32)} L${n(cx - tw * 0.44)},${n(ty + tw * 0.42)} L${n(cx - tw * 0.62)},${n(ty + tw * 0.3)} Z`,
    hsl(top.h, top.s, top.l),
    'stroke="rgba(0,0,0,0.08)" stroke-width="6"',
  )
  const jy = ty + tw * 1.02
  const jeans = hsl(215, rng.range(30, 55), rng.range(30, 55))
  s.path(
    `M${n(cx - tw * 0.3)},${n(jy)} L${n(cx + tw * 0.3)},${n(jy)} L${n(cx + tw * 0.36)},${n(H * 0.96)} L${n(cx + tw * 0.06)},${n(H * 0.96)} L${n(cx)},${n(jy + tw * 0.3)} L${n(cx - tw * 0.06)},${n(H * 0.96)} L${n(cx - tw * 0.36)},${n(H * 0.96)} Z`,
    jeans,
  )
  const sx = W * 0.8
  const sy = H * rng.range(0.55, 0.75)
  const shoe = hsl(rng.range(0, 360), rng.range(0, 40), rng.range(30, 95))
  for (const dx of [0, 70]) {
    s.rect(sx - 30 + dx, sy, 56, 140, shoe, 'rx="28"')
    s.rect(sx - 30 + dx, sy + 110, 56, 30, 'white', 'rx="14" opacity="0.9"')
  }
  s.circle(W * 0.8, H * 0.2, 36, hsl(0, 0, 15))
  s.circle(W * 0.8 + 84, H * 0.2, 36, hsl(0, 0, 15))
  s.rect(W * 0.8 + 30, H * 0.2 - 4, 24, 8, hsl(0, 0, 15))
  s.circle(W * 0.8 - 8, H * 0.2 - 10, 10, 'white', 'opacity="0.25"')
  s.circle(W * 0.8 + 76, H * 0.2 - 10, 10, 'white', 'opacity="0.25"')
  s.circle(W * 0.12, H * 0.55, 26, 'none', `stroke="${hsl(42, 70, 50)}" stroke-width="8"`)
}

export function style(s: Svg, rng: Rng) {
  rng.pick([clothingRail, clothingRail, flatLay])(s, rng)
}
