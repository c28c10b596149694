import { LIMITS } from '../../../protocol/limits'
import { TextArea, TextField } from '../../ui/field'
import { BoardSelect, SectionSelect } from '../boards/board-fields'

/** A pin's editable details, as the create and edit forms hold them. */
export interface PinDetails {
  title: string
  description: string
  link: string
  altText: string
  boardId: string
  sectionId: string
}

/** The fields of a pin's details, with the API's limits; choosing a board clears the section. */
export function PinDetailsFields({
  details,
  onChange,
}: {
  details: PinDetails
  onChange: (patch: Partial<PinDetails>) => void
}) {
  return (
    <>
      <TextField
        label="Title"
        placeholder="Add a title"
        value={details.title}
        maxLength={LIMITS.pin.title}
        showCount
        onChange={(e) => onChange({ title: e.target.value })}
      />
      <TextArea
        label="Description"
        placeholder="Tell everyone what your pin is about"
        value={details.description}
        maxLength={LIMITS.pin.description}
        showCount
        rows={4}
        onChange={(e) => onChange({ description: e.target.value })}
      />
      <TextField
        label="Link"
        type="url"
        placeholder="https://"
        hint="Where the pin leads: a recipe, an article, a shop."
        value={details.link}
        maxLength={LIMITS.pin.link}
        onChange={(e) => onChange({ link: e.target.value })}
      />
      <TextField
        label="Alt text"
        placeholder="Describe the picture"
        hint="Read aloud by screen readers."
        value={details.altText}
        maxLength={LIMITS.pin.alt_text}
        onChange={(e) => onChange({ altText: e.target.value })}
      />
      <BoardSelect
        value={details.boardId}
        onChange={(id) => onChange({ boardId: id, sectionId: '' })}
      />
      <SectionSelect
        boardId={details.boardId}
        value={details.sectionId}
        onChange={(id) => onChange({ sectionId: id })}
      />
    </>
  )
}

/** The details as the API takes them. */
export function pinDetailsBody(d: PinDetails) {
  return {
    board_id: d.boardId,
    title: d.title.trim(),
    description: d.description.trim(),
    link: d.link.trim() || null,
    alt_text: d.altText.trim() || null,
  }
}
