/**
 * Every size limit the wire shares, in one place: the server's schemas and domain checks,
 * the WebSocket frame parser and the web app's fields all read them from here.
 *
 * Two kinds of number live here. A *rule* is what the product allows (a message is at most
 * 2,000 characters) and is checked by the domain with a friendly message. An *envelope* is a
 * coarser bound a parser applies before the rule, so an absurd body is refused cheaply
 * (HTTP's 8,000-character text, the socket's 4,000); envelopes are part of the published
 * OpenAPI document, so they stay as they are even where the rule is tighter.
 */
export const LIMITS = {
  message: {
    /** The rule, on trimmed text. */
    text: 2000,
    /** HTTP schema envelope for text (checked before trimming). */
    textEnvelope: 8000,
    /** WebSocket frame parser envelope for text. */
    frameTextEnvelope: 4000,
    clientMessageId: 64,
    /** A report's reason. */
    reportReason: 500,
  },
  conversation: {
    /** People in a conversation, the sender included. */
    groupSize: 10,
    /** The rule for a group's title. */
    title: 100,
    /** HTTP schema envelope for a title. */
    titleEnvelope: 400,
    /** Usernames one request may name (the group rule is checked by the domain). */
    usernamesEnvelope: 20,
  },
  pin: {
    title: 100,
    description: 800,
    link: 2048,
    alt_text: 500,
  },
  board: {
    name: 180,
    description: 500,
  },
  account: {
    username: 30,
    usernameMin: 3,
    email: 254,
    passwordMin: 8,
    password: 256,
    about: 500,
    websiteUrl: 2048,
    businessName: 100,
    tokenName: 100,
  },
  page: {
    defaultSize: 25,
    maxSize: 250,
    bookmark: 512,
  },
  search: {
    query: 200,
    /** Guides a search may narrow by. */
    guides: 5,
  },
  moderation: {
    /** A report's note (trimmed). */
    reportNote: 1000,
    /** A moderator's note on an action or a suspension. */
    actionNote: 1000,
  },
  /** Invite and unsubscribe tokens. */
  token: 200,
} as const
