/** The tables of deciding together (migration 020), part of `Database` in schema.ts. */

/** A person's vote on a pin shared in a group conversation (a row is a vote). */
export interface PinVoteTable {
  conversation_id: number
  pin_id: number
  user_id: number
  created_at: string
}

/** Someone besides the owner who may add, remove and move pins on a board. */
export interface BoardCollaboratorTable {
  board_id: number
  user_id: number
  added_by: number | null
  created_at: string
}
