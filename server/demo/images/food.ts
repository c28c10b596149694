import type { Rng } from '../prng'
import { hsl, n, type Hsl, Svg } from './svg'

function shadowOf(s: Svg, cx: number, cy: number, r: number) {
  s.circle(
    cx + r * 0.06,
    cy + r * 0.1,
    r * 1.12,
    s.radial([
      [0.75, 'rgba(0,0,0,0.22)'],
      [1, 'rgba(0,0,0,0)'],
    ]),
  )
}

function plate(s: Svg, cx: number, cy: number, r: number, tint: Hsl) {
  shadowOf(s, cx, cy, r)
  s.circle(cx, cy, r, hsl(tint.h, tint.s, 96))
  s.circle(cx, cy, r * 0.78, hsl(tint.h, tint.s, 92))
  s.circle(cx, cy, r * 0.76, hsl(tint.h, tint.s, 97))
}

function citrus(s: Svg, cx: number, cy: number, r: number, hue: number) {
  s.circle(cx, cy, r, hsl(hue, 90, 50))
  s.circle(cx, cy, r * 0.88, hsl(hue, 80, 88))
  for (let i = 0; i < 8; i++) {
    const a0 = (i / 8) * Math.PI * 2 + 0.06
    const a1 = ((i + 1) / 8) * Math.PI * 2 - 0.06
    const rr = r * 0.8
    s.path(
      `M${n(cx)},${n(cy)} L${n(cx + Math.cos(a0) * rr)},${n(cy + Math.sin(a0) * rr)} A${n(rr)},${n(rr)} 0 0 1 ${n(cx + Math.cos(a1) * rr)},${n(cy + Math.sin(a1) * rr)} Z`,
      hsl(hue, 95, 62),
    )
  }
}

function salad(s: Svg, rng: Rng, cx: number, cy: number, r: number) {
  for (let i = 0; i < 40; i++) {
    const a = rng.range(0, Math.PI * 2)
    const d = Math.sqrt(rng.next()) * r * 0.62
    const x = cx + Math.cos(a) * d
    const y = cy + Math.sin(a) * d
    s.ellipse(
      x,
      y,
      rng.range(14, 26),
      rng.range(8, 13),
      hsl(rng.range(85, 125), rng.range(45, 70), rng.range(32, 55)),
      `transform="rotate(${Math.round(rng.range(0, 180))} ${n(x)} ${n(y)})"`,
    )
  }
  for (let i = 0; i < rng.int(4, 8); i++) {
    const a = rng.range(0, Math.PI * 2)
    const d = rng.range(0, r * 0.5)
    const x = cx + Math.cos(a) * d
    const y = cy + Math.sin(a) * d
    s.circle(x, y, rng.range(9, 14), hsl(rng.pick([2, 10, 45]), 85, 52))
    s.circle(x - 3, y - 3, 3, 'white', 'opacity="0.5"')
  }
  scatter(s, rng, [cx, cy, r * 0.5], 10, [4, 7], hsl(45, 40, 92))
}

function bowlOfSoup(s: Svg, rng: Rng, cx: number, cy: number, r: number) {
  const hue = rng.pick([20, 35, 45, 10, 100])
  s.circle(
    cx,
    cy,
    r * 0.66,
    s.radial([
      [0, hsl(hue, 70, 55)],
      [1, hsl(hue, 75, 42)],
    ]),
  )
  s.path(
    `M${n(cx - r * 0.3)},${n(cy - r * 0.1)} q${n(r * 0.2)},${n(-r * 0.2)} ${n(r * 0.45)},0 t${n(r * 0.2)},${n(r * 0.15)}`,
    'none',
    `stroke="${hsl(45, 60, 95)}" stroke-width="${n(r * 0.05)}" stroke-linecap="round" opacity="0.85"`,
  )
  scatter(s, rng, [cx, cy, r * 0.4], 12, [3, 6], hsl(110, 55, 35))
}

function pizza(s: Svg, rng: Rng, cx: number, cy: number, r: number) {
  s.circle(cx, cy, r * 0.9, hsl(32, 70, 55))
  s.circle(cx, cy, r * 0.78, hsl(8, 75, 48))
  scatter(s, rng, [cx, cy, r * 0.6], 26, [12, 24], hsl(48, 85, 85), 'opacity="0.9"')
  for (let i = 0; i < 9; i++) {
    const a = rng.range(0, Math.PI * 2)
    const d = rng.range(0, r * 0.58)
    s.circle(cx + Math.cos(a) * d, cy + Math.sin(a) * d, r * 0.09, hsl(355, 60, 40))
  }
  for (let i = 0; i < 8; i++) {
    const x = cx + rng.range(-r * 0.6, r * 0.6)
    const y = cy + rng.range(-r * 0.6, r * 0.6)
    s.ellipse(
      x,
      y,
      10,
      5,
      hsl(120, 55, 30),
      `transform="rotate(${rng.int(0, 180)} ${n(x)} ${n(y)})"`,
    )
  }
  for (let i = 0; i < 4; i++) {
    const a = (i / 4) * Math.PI * 2 + 0.4
    s.path(
      `M${n(cx)},${n(cy)} L${n(cx + Math.cos(a) * r * 0.9)},${n(cy + Math.sin(a) * r * 0.9)}`,
      'none',
      `stroke="${hsl(30, 50, 40)}" stroke-width="2" opacity="0.35"`,
    )
  }
}

function pasta(s: Svg, rng: Rng, cx: number, cy: number, r: number) {
  const c = hsl(44, 80, 72)
  for (let i = 0; i < 22; i++) {
    const a = rng.range(0, Math.PI * 2)
    const d = rng.range(0, r * 0.4)
    const x = cx + Math.cos(a) * d
    const y = cy + Math.sin(a) * d
    const rr = rng.range(r * 0.12, r * 0.3)
    s.path(
      `M${n(x - rr)},${n(y)} a${n(rr)},${n(rr * 0.7)} 0 1 1 ${n(rr * 1.6)},${n(rr * 0.3)}`,
      'none',
      `stroke="${c}" stroke-width="7" stroke-linecap="round"`,
    )
  }
  s.circle(cx, cy, r * 0.22, hsl(5, 70, 45), 'opacity="0.85"')
  for (let i = 0; i < 5; i++)
    s.ellipse(cx + rng.range(-30, 30), cy + rng.range(-30, 30), 12, 7, hsl(115, 55, 35))
}

function cutlery(s: Svg, x: number, y: number, len: number, color: string) {
  s.rect(x - 6, y, 12, len, color, 'rx="6"')
  s.rect(x + 30, y + len * 0.05, 10, len * 0.95, color, 'rx="5"')
  for (let i = 0; i < 4; i++)
    s.rect(x + 26 + i * 5, y - len * 0.02, 3, len * 0.22, color, 'rx="1.5"')
}

/** A top-down table: a plate or bowl of something, cutlery, a napkin, citrus and herbs. */
function tableTop(s: Svg, rng: Rng) {
  const W = s.width
  const H = s.height
  const table: Hsl = rng.pick([
    { h: 30, s: 35, l: 62 },
    { h: 24, s: 30, l: 45 },
    { h: 200, s: 12, l: 88 },
    { h: 40, s: 30, l: 90 },
    { h: 150, s: 15, l: 40 },
    { h: 10, s: 35, l: 82 },
  ])
  s.rect(0, 0, W, H, hsl(table.h, table.s, table.l))
  if (table.s > 25) {
    for (let y = 0; y < H; y += rng.int(60, 110)) {
      s.rect(0, y, W, 2, hsl(table.h, table.s, table.l - 8), 'opacity="0.5"')
    }
  }
  const napkin = hsl(rng.pick([10, 45, 200, 340, 90]), 45, 78)
  const nx = rng.range(0, W * 0.5)
  const ny = rng.range(H * 0.05, H * 0.5)
  s.rect(
    nx,
    ny,
    W * 0.55,
    W * 0.42,
    napkin,
    `transform="rotate(${rng.int(-20, 20)} ${n(nx)} ${n(ny)})" rx="6"`,
  )
  const r = W * rng.range(0.3, 0.36)
  const cx = W / 2 + rng.range(-W * 0.05, W * 0.05)
  const cy = H * rng.range(0.45, 0.58)
  plate(s, cx, cy, r, { h: rng.pick([40, 200, 20]), s: 20, l: 95 })
  rng.pick([salad, bowlOfSoup, pizza, pasta])(s, rng, cx, cy, r)
  cutlery(s, cx + r + 40 > W - 50 ? W - 60 : cx + r + 30, cy - r * 0.8, r * 1.6, hsl(40, 8, 78))
  for (let i = 0; i < rng.int(1, 3); i++) {
    citrus(
      s,
      rng.range(40, W - 40),
      rng.chance(0.5) ? rng.range(30, cy - r) : rng.range(cy + r, H - 30),
      rng.range(30, 52),
      rng.pick([48, 35, 85, 10]),
    )
  }
  for (let i = 0; i < rng.int(4, 9); i++) {
    const x = rng.range(0, W)
    const y = rng.range(0, H)
    s.ellipse(
      x,
      y,
      13,
      7,
      hsl(115, 50, 35),
      `transform="rotate(${rng.int(0, 180)} ${n(x)} ${n(y)})"`,
    )
  }
}

/** A layer cake on a stand, side view. */
function cake(s: Svg, rng: Rng) {
  const W = s.width
  const H = s.height
  const bg: Hsl = { h: rng.pick([340, 20, 45, 190, 260]), s: 45, l: 86 }
  s.band(hsl(bg.h, bg.s, bg.l + 4), hsl(bg.h, bg.s, bg.l - 6))
  const tableY = H * 0.72
  s.rect(0, tableY, W, H - tableY, hsl(bg.h, bg.s - 10, bg.l - 16))
  const cw = W * rng.range(0.48, 0.6)
  const cx = W / 2
  const standTop = tableY - H * 0.06
  s.ellipse(cx, tableY, cw * 0.3, 10, 'rgba(0,0,0,0.18)')
  s.rect(cx - 14, standTop, 28, tableY - standTop, hsl(0, 0, 96))
  s.ellipse(cx, standTop, cw * 0.62, 16, hsl(0, 0, 98))
  const layers = rng.int(2, 4)
  const lh = H * rng.range(0.07, 0.09)
  const sponge = rng.pick([hsl(35, 60, 78), hsl(20, 45, 40), hsl(340, 55, 75), hsl(45, 70, 80)])
  const cream = rng.pick([hsl(0, 0, 98), hsl(340, 60, 88), hsl(45, 80, 90), hsl(190, 40, 88)])
  let y = standTop
  for (let i = 0; i < layers; i++) {
    s.rect(cx - cw / 2, y - lh, cw, lh, sponge)
    s.rect(cx - cw / 2, y - lh - 10, cw, 12, cream)
    y -= lh + 10
  }
  s.path(
    `M${n(cx - cw / 2)},${n(y + 4)} ${Array.from({ length: 6 }, (_, i) => `q${n(cw / 12)},${n(30 + (i % 2) * 12)} ${n(cw / 6)},0`).join(' ')} L${n(cx + cw / 2)},${n(y - 10)} L${n(cx - cw / 2)},${n(y - 10)} Z`,
    cream,
  )
  s.ellipse(cx, y - 10, cw / 2, 14, cream)
  const berry = rng.pick([hsl(350, 75, 45), hsl(240, 45, 35), hsl(10, 85, 55)])
  for (let i = 0; i < rng.int(4, 7); i++) {
    s.circle(cx - cw * 0.38 + i * cw * 0.14, y - 22, rng.range(11, 16), berry)
    s.circle(cx - cw * 0.38 + i * cw * 0.14 - 4, y - 26, 3, 'white', 'opacity="0.5"')
  }
  for (let i = 0; i < 30; i++) {
    s.circle(
      rng.range(0, W),
      rng.range(0, tableY - H * 0.3),
      rng.range(2, 5),
      'white',
      'opacity="0.5"',
    )
  }
}

/** A tall glass of something cold, with citrus and ice. */
function drink(s: Svg, rng: Rng) {
  const W = s.width
  const H = s.height
  const hue = rng.pick([10, 35, 50, 150, 320, 200])
  s.band(hsl(hue + 30, 45, 88), hsl(hue + 20, 40, 74))
  const tableY = H * 0.76
  s.rect(0, tableY, W, H - tableY, hsl(hue + 20, 30, 62))
  const gw = W * 0.34
  const gh = H * 0.44
  const gx = W * rng.range(0.24, 0.42)
  const gy = tableY - gh
  s.ellipse(gx + gw / 2, tableY, gw * 0.7, 14, 'rgba(0,0,0,0.18)')
  s.path(
    `M${n(gx)},${n(gy)} L${n(gx + gw)},${n(gy)} L${n(gx + gw * 0.92)},${n(tableY)} L${n(gx + gw * 0.08)},${n(tableY)} Z`,
    'rgba(255,255,255,0.45)',
  )
  const fill = gy + gh * 0.18
  s.path(
    `M${n(gx + gw * 0.02)},${n(fill)} L${n(gx + gw * 0.98)},${n(fill)} L${n(gx + gw * 0.91)},${n(tableY - 8)} L${n(gx + gw * 0.09)},${n(tableY - 8)} Z`,
    s.linear([
      [0, hsl(hue, 85, 62)],
      [1, hsl(hue - 10, 85, 48)],
    ]),
  )
  for (let i = 0; i < 4; i++) {
    s.rect(
      gx + gw * rng.range(0.12, 0.6),
      fill + rng.range(10, gh * 0.4),
      gw * 0.26,
      gw * 0.24,
      'white',
      `opacity="0.35" rx="8" transform="rotate(${rng.int(-20, 20)} ${n(gx + gw / 2)} ${n(fill + 40)})"`,
    )
  }
  s.rect(
    gx + gw * 0.62,
    gy - gh * 0.28,
    10,
    gh * 0.7,
    hsl(0, 0, 98),
    `transform="rotate(12 ${n(gx + gw * 0.62)} ${n(gy)})"`,
  )
  citrus(s, gx + gw * 0.08, gy + 6, gw * 0.22, rng.pick([48, 85, 30]))
  s.rect(gx + gw * 0.1, gy, 6, gh - 8, 'white', 'opacity="0.4"')
  citrus(s, W * rng.range(0.7, 0.85), tableY + (H - tableY) * 0.45, 44, rng.pick([48, 85, 30]))
}

export function recipes(s: Svg, rng: Rng) {
  rng.pick([tableTop, tableTop, tableTop, cake, drink])(s, rng)
}

/** `count` dots of `radius` (a range) strewn over a square `spread` around (cx, cy). */
function scatter(
  s: Svg,
  rng: Rng,
  [cx, cy, spread]: [number, number, number],
  count: number,
  radius: [number, number],
  fill: string,
  extra = '',
) {
  for (let i = 0; i < count; i++) {
    s.circle(
      cx + rng.range(-spread, spread),
      cy + rng.range(-spread, spread),
      rng.range(...radius),
      fill,
      extra,
    )
  }
}
