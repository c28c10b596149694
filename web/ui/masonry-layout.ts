export const GAP = 16
export const MIN_COLUMN = 220

/** How many columns fit: at least `minColumns`, each at least MIN_COLUMN px wide. */
export function columnCount(width: number, minColumns = 2): number {
  return Math.max(minColumns, Math.floor((width + GAP) / (MIN_COLUMN + GAP)))
}

interface LayoutOptions<T> {
  minColumns?: number
  /** Height divided by width of the item's picture. */
  ratio: (item: T) => number
  /** Height below the picture, in px. */
  extra?: (item: T) => number
}

/**
 * Deals items into columns, each into the currently shortest one. It depends only on the
 * items before it, so appending a page never moves a card that is already placed.
 */
export function layoutColumns<T>(items: T[], width: number, options: LayoutOptions<T>): T[][] {
  const count = columnCount(width, options.minColumns)
  const columnWidth = (width - GAP * (count - 1)) / count
  const columns: T[][] = Array.from({ length: count }, () => [])
  const heights = new Array<number>(count).fill(0)
  for (const item of items) {
    let shortest = 0
    for (let i = 1; i < count; i++) if ((heights[i] ?? 0) < (heights[shortest] ?? 0)) shortest = i
    columns[shortest]?.push(item)
    heights[shortest] =
      (heights[shortest] ?? 0) +
      columnWidth * options.ratio(item) +
      (options.extra?.(item) ?? 0) +
      GAP
  }
  return columns
}
