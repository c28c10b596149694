import sharp from 'sharp'
import { createRng } from '../prng'
import { hsl, n, Svg } from './svg'

const SIZE = 400

/** A friendly head-and-shoulders portrait on a soft gradient; no faces, no text. */
export function avatarSvg(seed: string): string {
  const rng = createRng(`avatar:${seed}`)
  const s = new Svg(SIZE, SIZE)
  const bgHue = rng.range(0, 360)
  s.rect(
    0,
    0,
    SIZE,
    SIZE,
    s.linear(
      [
        [0, hsl(bgHue, 55, 82)],
        [1, hsl(bgHue + 40, 50, 68)],
      ],
      0,
      0,
      1,
      1,
    ),
  )
  const skin = rng.pick([
    hsl(28, 55, 82),
    hsl(25, 45, 70),
    hsl(24, 40, 55),
    hsl(22, 42, 40),
    hsl(20, 35, 30),
  ])
  const hair = rng.pick([
    hsl(30, 35, 15),
    hsl(25, 45, 30),
    hsl(40, 60, 55),
    hsl(10, 60, 35),
    hsl(0, 0, 80),
    hsl(0, 0, 10),
  ])
  const top = hsl(rng.range(0, 360), rng.range(35, 65), rng.range(35, 60))
  const cx = SIZE / 2
  s.path(
    `M${n(cx - 150)},${SIZE} Q${n(cx - 140)},${n(SIZE - 130)} ${cx},${n(SIZE - 130)} Q${n(cx + 140)},${n(SIZE - 130)} ${n(cx + 150)},${SIZE} Z`,
    top,
  )
  s.rect(cx - 26, 220, 52, 60, skin, 'rx="20"')
  const long = rng.chance(0.5)
  if (long) s.rect(cx - 88, 110, 176, 180, hair, 'rx="80"')
  s.ellipse(cx, 175, 70, 84, skin)
  const style = rng.int(0, 2)
  if (style === 0)
    s.path(
      `M${n(cx - 74)},${n(170)} Q${n(cx - 70)},${n(80)} ${cx},${n(84)} Q${n(cx + 72)},${n(82)} ${n(cx + 74)},${n(170)} Q${n(cx + 40)},${n(118)} ${n(cx - 74)},${n(170)} Z`,
      hair,
    )
  else if (style === 1)
    s.path(
      `M${n(cx - 72)},${n(160)} Q${n(cx - 60)},${n(84)} ${cx},${n(86)} Q${n(cx + 60)},${n(84)} ${n(cx + 72)},${n(160)} L${n(cx + 60)},${n(130)} Q${cx},${n(104)} ${n(cx - 60)},${n(130)} Z`,
      hair,
    )
  else {
    s.path(
      `M${n(cx - 72)},${n(165)} Q${n(cx - 66)},${n(86)} ${cx},${n(88)} Q${n(cx + 66)},${n(86)} ${n(cx + 72)},${n(165)} L${n(cx + 66)},${n(140)} Q${n(cx + 10)},${n(120)} ${n(cx - 20)},${n(110)} Q${n(cx - 50)},${n(130)} ${n(cx - 66)},${n(140)} Z`,
      hair,
    )
    s.circle(cx + rng.range(-30, 30), 84, 32, hair)
  }
  s.ellipse(cx, 258, 10, 2, 'rgba(0,0,0,0.06)')
  return s.toString()
}

/** A brand mark: bold geometric shapes on the brand's colour. */
export function brandMarkSvg(seed: string, hue: number): string {
  const rng = createRng(`brand:${seed}`)
  const s = new Svg(SIZE, SIZE)
  s.rect(0, 0, SIZE, SIZE, hsl(hue, 55, 40))
  const c = SIZE / 2
  const kind = rng.int(0, 2)
  if (kind === 0) {
    s.poly(
      [
        [c, 90],
        [c + 120, 290],
        [c - 120, 290],
      ],
      hsl(hue, 30, 95),
    )
    s.poly(
      [
        [c + 40, 170],
        [c + 110, 290],
        [c - 30, 290],
      ],
      hsl(hue + 30, 60, 70),
    )
  } else if (kind === 1) {
    s.circle(c, c, 120, hsl(hue, 30, 95))
    s.circle(c, c, 70, hsl(hue + 30, 65, 62))
    s.circle(c, c, 30, hsl(hue, 55, 40))
  } else {
    s.path(`M${c - 120},${c + 60} A120,120 0 0 1 ${c + 120},${c + 60} Z`, hsl(hue, 30, 95))
    s.rect(c - 120, c + 80, 240, 24, hsl(hue + 30, 65, 62), 'rx="12"')
  }
  return s.toString()
}

export const renderSvgPng = (svg: string) =>
  sharp(Buffer.from(svg)).png({ compressionLevel: 1 }).toBuffer()
