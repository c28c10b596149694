/**
 * Renders a contact sheet of demo pictures, to look at while tuning the generator:
 * `npx tsx scripts/seed/contact-sheet.ts out.png [theme] [count]`.
 */
import sharp, { type OverlayOptions } from 'sharp'
import { THEMES, renderDemoImage, type Theme } from '../../server/demo/images/render'

const [out = 'contact-sheet.png', only, countArg] = process.argv.slice(2)
const themes = only && only !== 'all' ? [only as Theme] : [...THEMES]
const perTheme = Number(countArg ?? 6)
const cellW = 200
const cols = perTheme
const tiles: OverlayOptions[] = []
let y = 0
const started = Date.now()
for (const theme of themes) {
  let rowH = 0
  for (let i = 0; i < perTheme; i++) {
    const jpeg = await renderDemoImage(theme, i)
    const tile = await sharp(jpeg).resize({ width: cellW }).toBuffer({ resolveWithObject: true })
    tiles.push({ input: tile.data, left: i * (cellW + 8), top: y })
    rowH = Math.max(rowH, tile.info.height)
  }
  y += rowH + 8
}
const ms = Date.now() - started
await sharp({
  create: { width: cols * (cellW + 8), height: y, channels: 3, background: '#ffffff' },
})
  .composite(tiles)
  .png()
  .toFile(out)
console.log(`${themes.length * perTheme} pictures in ${ms} ms -> ${out}`)
