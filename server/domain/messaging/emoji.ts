/** Whether a string is one emoji: what a reaction may be. */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

// pictographs with their modifiers, joiners, presentation selectors and tags (subdivision flags)
const PICTOGRAPHIC =
  /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200D|\uFE0F|\uFE0E|[\u{E0020}-\u{E007F}])+$/u
const HAS_PICTOGRAPH = /\p{Extended_Pictographic}/u
const FLAG = /^\p{Regional_Indicator}{2}$/u
const KEYCAP = /^[0-9#*]\uFE0F?\u20E3$/u

/** the longest emoji accepted, in UTF-16 units (family and flag sequences are long) */
export const EMOJI_MAX = 32

/** One grapheme that is an emoji: a pictograph sequence, a flag or a keycap. */
export function isEmoji(value: string): boolean {
  if (value.length === 0 || value.length > EMOJI_MAX) return false
  let count = 0
  for (const _ of graphemes.segment(value)) if (++count > 1) return false
  return (
    (PICTOGRAPHIC.test(value) && HAS_PICTOGRAPH.test(value)) ||
    FLAG.test(value) ||
    KEYCAP.test(value)
  )
}
