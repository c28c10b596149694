/** Why a person may not message another; clients switch on these. */
export type MessagingRefusal = 'blocked' | 'policy_nobody' | 'not_mutual' | 'not_followed'

/**
 * Every `reason` an error answer (HTTP body or stream `error` frame) may carry: the server's
 * typed errors take only these, and the web app matches on them, so a renamed or misspelt
 * reason fails to compile on both sides.
 */
export type ErrorReason =
  // requests the framework refuses before a route runs (http/error-handler.ts, input-guard.ts)
  | 'bad_request'
  | 'invalid_input'
  | 'not_found'
  | 'timeout'
  | 'uri_too_long'
  | 'headers_too_large'
  | 'too_large'
  | 'unsupported_media'
  | 'rate_limited'
  /** more sends in progress than the server takes: try again in a moment (Retry-After) */
  | 'overloaded'
  | 'storage_full'
  | 'internal'
  /** a stream error frame whose refusal named no reason */
  | 'error'
  // authentication and origin
  | 'unauthenticated'
  | 'invalid_token'
  | 'invalid_credentials'
  | 'insufficient_scope'
  | 'session_required'
  | 'csrf'
  | 'bad_origin'
  | 'login_throttled'
  // accounts
  | 'username_taken'
  | 'email_taken'
  | 'invalid_username'
  | 'invalid_email'
  | 'invalid_password'
  | 'weak_password'
  // account recovery: reset and email-change links
  | 'reset_used'
  | 'reset_expired'
  | 'reset_invalid'
  | 'email_change_used'
  | 'email_change_expired'
  | 'email_change_invalid'
  // boards, pins, graph, search, lists
  | 'not_owner'
  | 'board_name_taken'
  | 'section_name_taken'
  | 'self_follow'
  | 'self_block'
  // group boards and votes (issue 17)
  | 'not_collaborator'
  | 'not_shared_here'
  | 'nothing_to_shortlist'
  | 'too_many_guides'
  | 'invalid_bookmark'
  // media
  | 'not_an_image'
  | 'image_too_large'
  | 'invalid_image_url'
  | 'image_url_not_allowed'
  | 'image_fetch_failed'
  | 'image_fetch_timeout'
  // messages and invites
  | MessagingRefusal
  | 'empty_message'
  | 'group_full'
  | 'not_a_group'
  | 'too_many_recipients'
  | 'client_message_id_reused'
  // reactions, replies, edits, unsends (issue 17)
  | 'invalid_emoji'
  | 'too_many_reactions'
  | 'invalid_reply_to'
  | 'not_sender'
  | 'message_removed'
  | 'edit_window_closed'
  | 'already_reported'
  | 'invalid_frame'
  | 'invalid_mail'
  | 'invite_used'
  | 'invite_expired'
  | 'invite_wrong_account'
  | 'invite_invalid'
  // brands
  | 'not_business'
  // running an instance: roles, reports, moderation, registrations, data
  | 'not_moderator'
  | 'not_admin'
  | 'account_suspended'
  | 'registrations_closed'
  | 'invite_required'
  | 'own_content'
  | 'report_closed'
  | 'invalid_action'
  | 'protected_account'
  | 'username_reserved'
  | 'export_in_progress'
