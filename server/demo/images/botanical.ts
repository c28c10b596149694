import type { Rng } from '../prng'
import { hsl, n, type Hsl, Svg } from './svg'

function monsteraLeaf(s: Svg, x: number, y: number, size: number, angle: number, color: string) {
  s.group(`transform="translate(${n(x)} ${n(y)}) rotate(${Math.round(angle)})"`, () => {
    s.path(
      `M0,0 C${n(size * 0.6)},${n(-size * 0.2)} ${n(size * 0.7)},${n(-size * 0.9)} 0,${n(-size)} C${n(-size * 0.7)},${n(-size * 0.9)} ${n(-size * 0.6)},${n(-size * 0.2)} 0,0 Z`,
      color,
    )
    s.path(
      `M0,0 L0,${n(-size * 0.95)}`,
      'none',
      `stroke="rgba(255,255,255,0.35)" stroke-width="${n(size * 0.025)}"`,
    )
    for (let i = 1; i < 5; i++) {
      const yy = -size * i * 0.19
      s.path(
        `M0,${n(yy)} L${n(size * 0.32)},${n(yy - size * 0.08)} M0,${n(yy)} L${n(-size * 0.32)},${n(yy - size * 0.08)}`,
        'none',
        `stroke="rgba(255,255,255,0.22)" stroke-width="${n(size * 0.018)}"`,
      )
    }
  })
}

function succulent(s: Svg, rng: Rng, cx: number, cy: number, r: number) {
  const c: Hsl = { h: rng.pick([95, 140, 170, 300]), s: 30, l: 55 }
  for (let ring = 3; ring >= 0; ring--) {
    const petals = 6 + ring * 2
    for (let i = 0; i < petals; i++) {
      const a = (i / petals) * Math.PI * 2 + ring * 0.4
      const d = r * (0.18 + ring * 0.2)
      const x = cx + Math.cos(a) * d
      const y = cy + Math.sin(a) * d * 0.8
      s.ellipse(
        x,
        y,
        r * 0.2,
        r * 0.1,
        hsl(c.h, c.s, c.l + (3 - ring) * 6),
        `transform="rotate(${Math.round((a * 180) / Math.PI)} ${n(x)} ${n(y)})" stroke="${hsl(c.h, c.s, c.l - 12)}" stroke-width="1.5"`,
      )
    }
  }
}

/** Potted plants in a row on a sill or a table. */
function pots(s: Svg, rng: Rng) {
  const W = s.width
  const H = s.height
  const bg: Hsl = { h: rng.pick([30, 45, 190, 15, 80]), s: rng.range(25, 50), l: rng.range(80, 90) }
  s.band(hsl(bg.h, bg.s, bg.l + 4), hsl(bg.h, bg.s, bg.l - 6))
  s.circle(
    W * 0.75,
    H * 0.2,
    W * 0.5,
    s.radial([
      [0, 'rgba(255,255,240,0.6)'],
      [1, 'rgba(255,255,240,0)'],
    ]),
  )
  const tableY = H * rng.range(0.72, 0.8)
  const k = W / 800 + (H / W - 1) * 0.5
  s.rect(0, tableY, W, H - tableY, hsl(28, 35, 50))
  s.rect(0, tableY, W, 10, hsl(28, 35, 60))
  const count = rng.int(1, 3)
  for (let i = 0; i < count; i++) {
    const cx = (W / count) * (i + 0.5) + rng.range(-20, 20)
    const pw = rng.range(200, 260) * k * (count === 1 ? 1.3 : 1) * (count === 3 ? 0.75 : 1)
    const ph = pw * rng.range(0.8, 0.95)
    const potC = hsl(rng.pick([12, 25, 200, 40, 350]), rng.range(20, 55), rng.range(55, 82))
    const kind = rng.int(0, 2)
    const green = rng.range(120, 155)
    if (kind === 0) {
      for (let l = 0; l < rng.int(3, 5); l++) {
        monsteraLeaf(
          s,
          cx,
          tableY - ph,
          pw * rng.range(0.9, 1.35),
          rng.range(-55, 55),
          hsl(green, 45, rng.range(25, 38)),
        )
      }
    } else if (kind === 1) {
      const ch = pw * rng.range(1.6, 2.4)
      const t = pw * 0.26
      const cactus = hsl(green - 20, 35, 40)
      s.rect(cx - t, tableY - ph - ch, t * 2, ch + 10, cactus, `rx="${n(t)}"`)
      s.rect(cx - t * 2.6, tableY - ph - ch * 0.6, t * 1.3, ch * 0.3, cactus, `rx="${n(t * 0.65)}"`)
      s.rect(cx - t * 2.6, tableY - ph - ch * 0.45, t * 2.2, t * 1.1, cactus, `rx="${n(t * 0.55)}"`)
      s.rect(
        cx + t * 1.3,
        tableY - ph - ch * 0.75,
        t * 1.3,
        ch * 0.3,
        cactus,
        `rx="${n(t * 0.65)}"`,
      )
      s.rect(cx + t * 0.4, tableY - ph - ch * 0.55, t * 2.2, t * 1.1, cactus, `rx="${n(t * 0.55)}"`)
      for (let sp = 0; sp < 5; sp++)
        s.rect(
          cx - 2,
          tableY - ph - ch * (0.2 + sp * 0.15),
          4,
          t * 0.9,
          'rgba(255,255,255,0.25)',
          'rx="2"',
        )
      s.circle(cx, tableY - ph - ch, t * 0.45, hsl(340, 70, 65))
    } else {
      succulent(s, rng, cx, tableY - ph - 10, pw * 0.55)
    }
    s.ellipse(cx + 10, tableY + 4, pw * 0.55, 10, 'rgba(0,0,0,0.18)')
    s.path(
      `M${n(cx - pw / 2)},${n(tableY - ph)} L${n(cx + pw / 2)},${n(tableY - ph)} L${n(cx + pw * 0.4)},${n(tableY)} L${n(cx - pw * 0.4)},${n(tableY)} Z`,
      potC,
    )
    s.rect(cx - pw / 2 - 6, tableY - ph - 6, pw + 12, 22, potC, 'rx="4"')
    s.rect(cx - pw / 2 - 6, tableY - ph + 16, pw + 12, 4, 'rgba(0,0,0,0.1)')
  }
}

function flower(s: Svg, rng: Rng, x: number, y: number, r: number, hue: number) {
  const petals = rng.int(5, 8)
  for (let i = 0; i < petals; i++) {
    const a = (i / petals) * Math.PI * 2
    const px = x + Math.cos(a) * r * 0.6
    const py = y + Math.sin(a) * r * 0.6
    s.ellipse(
      px,
      py,
      r * 0.5,
      r * 0.3,
      hsl(hue, 70, 70),
      `transform="rotate(${Math.round((a * 180) / Math.PI)} ${n(px)} ${n(py)})"`,
    )
  }
  s.circle(x, y, r * 0.3, hsl(45, 90, 55))
}

/** A meadow or a vase of flowers. */
function flowers(s: Svg, rng: Rng) {
  const W = s.width
  const H = s.height
  const hue = rng.range(0, 360)
  s.band(hsl(hue, 45, 90), hsl(hue + 30, 40, 80))
  const vx = W / 2
  const vy = H * 0.9
  const vw = W * 0.3
  const vh = H * 0.3
  const stemTop: [number, number][] = []
  for (let i = 0; i < rng.int(7, 12); i++) {
    const fx = vx + rng.range(-W * 0.35, W * 0.35)
    const fy = rng.range(H * 0.12, H * 0.5)
    stemTop.push([fx, fy])
    s.path(
      `M${n(vx + rng.range(-20, 20))},${n(vy - vh * 0.8)} Q${n((vx + fx) / 2)},${n(fy + 100)} ${n(fx)},${n(fy)}`,
      'none',
      `stroke="${hsl(120, 40, 32)}" stroke-width="5"`,
    )
    if (rng.chance(0.5))
      s.ellipse(
        (vx + fx) / 2,
        (vy - vh + fy) / 2,
        22,
        9,
        hsl(120, 45, 38),
        `transform="rotate(${rng.int(-40, 40)} ${n((vx + fx) / 2)} ${n((vy - vh + fy) / 2)})"`,
      )
  }
  const palette = [hue + 180, hue + 150, hue + 210, 50]
  for (const [fx, fy] of stemTop) flower(s, rng, fx, fy, rng.range(28, 48), rng.pick(palette))
  s.ellipse(vx, vy, vw * 0.6, 14, 'rgba(0,0,0,0.15)')
  s.path(
    `M${n(vx - vw * 0.25)},${n(vy - vh)} L${n(vx + vw * 0.25)},${n(vy - vh)} Q${n(vx + vw * 0.7)},${n(vy - vh * 0.4)} ${n(vx + vw * 0.4)},${n(vy)} L${n(vx - vw * 0.4)},${n(vy)} Q${n(vx - vw * 0.7)},${n(vy - vh * 0.4)} ${n(vx - vw * 0.25)},${n(vy - vh)} Z`,
    hsl(hue + 180, 30, 45),
  )
}

export function garden(s: Svg, rng: Rng) {
  rng.pick([pots, pots, flowers])(s, rng)
}

/** Mid-century geometric prints: arcs, circles and stripes on paper. */
export function art(s: Svg, rng: Rng) {
  const W = s.width
  const H = s.height
  const palettes = [
    ['#f1e9da', '#e07a5f', '#3d405b', '#81b29a', '#f2cc8f'],
    ['#f4efe6', '#264653', '#2a9d8f', '#e9c46a', '#e76f51'],
    ['#efe6dd', '#bc6c25', '#dda15e', '#606c38', '#283618'],
    ['#f7f1e3', '#d62828', '#003049', '#f77f00', '#fcbf49'],
    ['#ede0d4', '#9c6644', '#7f5539', '#b08968', '#ddb892'],
    ['#f8edeb', '#f9dcc4', '#fec89a', '#ffb5a7', '#6d6875'],
  ]
  const p = rng.pick(palettes)
  const [paper, ...inks] = p as [string, ...string[]]
  s.rect(0, 0, W, H, paper)
  const cols = 2
  const rows = Math.max(2, Math.round((H / W) * 2))
  const cw = W / cols
  const ch = H / rows
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = c * cw
      const y = r * ch
      const ink = rng.pick(inks)
      const other = rng.pick(inks.filter((i) => i !== ink))
      const kind = rng.int(0, 4)
      if (kind === 0) s.circle(x + cw / 2, y + ch / 2, Math.min(cw, ch) * 0.38, ink)
      else if (kind === 1) {
        const rr = Math.min(cw, ch) * 0.45
        s.path(
          `M${n(x + cw / 2 - rr)},${n(y + ch * 0.72)} A${n(rr)},${n(rr)} 0 0 1 ${n(x + cw / 2 + rr)},${n(y + ch * 0.72)} Z`,
          ink,
        )
        s.rect(x + cw / 2 - rr, y + ch * 0.72, rr * 2, ch * 0.12, other)
      } else if (kind === 2) {
        for (let i = 0; i < 4; i++) {
          const rr = Math.min(cw, ch) * (0.45 - i * 0.1)
          s.path(
            `M${n(x + cw / 2 - rr)},${n(y + ch * 0.85)} A${n(rr)},${n(rr)} 0 0 1 ${n(x + cw / 2 + rr)},${n(y + ch * 0.85)}`,
            'none',
            `stroke="${i % 2 ? ink : other}" stroke-width="${n(Math.min(cw, ch) * 0.05)}"`,
          )
        }
      } else if (kind === 3) {
        s.rect(x + cw * 0.12, y + ch * 0.12, cw * 0.76, ch * 0.76, ink)
        s.circle(
          x + cw * (rng.chance(0.5) ? 0.12 : 0.88),
          y + ch * (rng.chance(0.5) ? 0.12 : 0.88),
          Math.min(cw, ch) * 0.3,
          other,
        )
      } else {
        for (let i = 0; i < 5; i++)
          s.rect(
            x + cw * 0.12,
            y + ch * (0.15 + i * 0.15),
            cw * 0.76,
            ch * 0.07,
            i % 2 ? ink : other,
          )
      }
    }
  }
  for (let i = 0; i < 300; i++) {
    s.circle(rng.range(0, W), rng.range(0, H), rng.range(0.5, 1.5), 'rgba(60,40,20,0.12)')
  }
}
