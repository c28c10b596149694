import type { Rng } from '../prng'

/** An `hsl()` colour; hue in degrees, saturation and lightness in percent. */
export const hsl = (h: number, s: number, l: number, a = 1) =>
  a >= 1
    ? `hsl(${Math.round(((h % 360) + 360) % 360)} ${clamp(s)}% ${clamp(l)}%)`
    : `hsl(${Math.round(((h % 360) + 360) % 360)} ${clamp(s)}% ${clamp(l)}% / ${a})`

const clamp = (v: number) => Math.round(Math.min(100, Math.max(0, v)) * 10) / 10

export interface Hsl {
  h: number
  s: number
  l: number
}

export const shade = (c: Hsl, dl: number, ds = 0, dh = 0, a = 1) =>
  hsl(c.h + dh, c.s + ds, c.l + dl, a)

export const n = (v: number) => Math.round(v * 10) / 10

/** Builds one SVG document: gradient definitions plus drawing commands, in paint order. */
export class Svg {
  private defs: string[] = []
  private body: string[] = []
  private ids = 0

  constructor(
    readonly width: number,
    readonly height: number,
  ) {}

  private id(prefix: string) {
    return `${prefix}${++this.ids}`
  }

  /** A linear gradient from (x1,y1) to (x2,y2) in bounding-box units. */
  linear(stops: [number, string][], x1 = 0, y1 = 0, x2 = 0, y2 = 1): string {
    const id = this.id('lg')
    this.defs.push(
      `<linearGradient id="${id}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}">${stopsXml(stops)}</linearGradient>`,
    )
    return `url(#${id})`
  }

  radial(stops: [number, string][], cx = 0.5, cy = 0.5, r = 0.5): string {
    const id = this.id('rg')
    this.defs.push(
      `<radialGradient id="${id}" cx="${cx}" cy="${cy}" r="${r}">${stopsXml(stops)}</radialGradient>`,
    )
    return `url(#${id})`
  }

  /** A soft blur filter, for shadows and glows. */
  blur(std: number): string {
    const id = this.id('bl')
    this.defs.push(
      `<filter id="${id}" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="${std}"/></filter>`,
    )
    return `url(#${id})`
  }

  /** A clip path from raw shape markup; returns the attribute value. */
  clip(shapes: string): string {
    const id = this.id('cp')
    this.defs.push(`<clipPath id="${id}">${shapes}</clipPath>`)
    return `url(#${id})`
  }

  raw(markup: string) {
    this.body.push(markup)
  }

  /**
   * A full-width band shaded from `top` to `bottom`: the whole picture unless told (a
   * backdrop), or from `y` down (the sea below a horizon), or `height` tall (a wall).
   */
  band(top: string, bottom: string, y = 0, height = this.height - y) {
    this.rect(
      0,
      y,
      this.width,
      height,
      this.linear([
        [0, top],
        [1, bottom],
      ]),
    )
  }

  rect(x: number, y: number, w: number, h: number, fill: string, extra = '') {
    this.body.push(
      `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="${fill}" ${extra}/>`,
    )
  }

  circle(cx: number, cy: number, r: number, fill: string, extra = '') {
    this.body.push(`<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(r)}" fill="${fill}" ${extra}/>`)
  }

  ellipse(cx: number, cy: number, rx: number, ry: number, fill: string, extra = '') {
    this.body.push(
      `<ellipse cx="${n(cx)}" cy="${n(cy)}" rx="${n(rx)}" ry="${n(ry)}" fill="${fill}" ${extra}/>`,
    )
  }

  path(d: string, fill: string, extra = '') {
    this.body.push(`<path d="${d}" fill="${fill}" ${extra}/>`)
  }

  poly(points: [number, number][], fill: string, extra = '') {
    const pts = points.map(([x, y]) => `${n(x)},${n(y)}`).join(' ')
    this.body.push(`<polygon points="${pts}" fill="${fill}" ${extra}/>`)
  }

  group(attrs: string, draw: () => void) {
    this.body.push(`<g ${attrs}>`)
    draw()
    this.body.push('</g>')
  }

  toString(): string {
    return (
      `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" ` +
      `viewBox="0 0 ${this.width} ${this.height}"><defs>${this.defs.join('')}</defs>` +
      this.body.join('') +
      '</svg>'
    )
  }
}

function stopsXml(stops: [number, string][]) {
  return stops.map(([o, c]) => `<stop offset="${o}" stop-color="${c}"/>`).join('')
}

/** A ridge line across the width (the top edge of hills, mountains or waves), y = baseY − amplitude·f. */
export function ridge(
  rng: Rng,
  width: number,
  baseY: number,
  amplitude: number,
  steps: number,
  jagged = false,
): [number, number][] {
  const phase = rng.range(0, 6.28)
  const freq = rng.range(0.6, 1.4)
  const pts: [number, number][] = []
  for (let i = 0; i <= steps; i++) {
    const x = (i / steps) * width
    const f = jagged
      ? i % 2 === 0
        ? rng.range(0.55, 1)
        : rng.range(0, 0.35)
      : 0.5 + 0.3 * Math.sin(i * freq + phase) + 0.2 * Math.sin(i * freq * 2.3 + phase * 1.7)
    pts.push([x, baseY - amplitude * f])
  }
  return pts
}

/** A smooth closed-bottom path through ridge points (Catmull-Rom to Bézier). */
export function smoothFill(points: [number, number][], bottom: number): string {
  if (points.length < 2) return ''
  const p = points
  let d = `M${n(p[0]![0])},${n(bottom)} L${n(p[0]![0])},${n(p[0]![1])}`
  for (let i = 0; i < p.length - 1; i++) {
    const p0 = p[i - 1] ?? p[i]!
    const p1 = p[i]!
    const p2 = p[i + 1]!
    const p3 = p[i + 2] ?? p2
    const c1x = p1[0] + (p2[0] - p0[0]) / 6
    const c1y = p1[1] + (p2[1] - p0[1]) / 6
    const c2x = p2[0] - (p3[0] - p1[0]) / 6
    const c2y = p2[1] - (p3[1] - p1[1]) / 6
    d += ` C${n(c1x)},${n(c1y)} ${n(c2x)},${n(c2y)} ${n(p2[0])},${n(p2[1])}`
  }
  return d + ` L${n(p[p.length - 1]![0])},${n(bottom)} Z`
}
