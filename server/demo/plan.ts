import type { Insertable } from 'kysely'
import type {
  BoardFollowTable,
  BoardSectionTable,
  BoardTable,
  FollowTable,
  PinLikeTable,
  PinTable,
} from '../db/schema'
import { CATALOG, pinText } from './catalog'
import type { Theme } from './images/render'
import type { MediaPools } from './ingest-pool'
import type { PersonIdea } from './people'
import type { Rng } from './prng'

type WithId<T> = Insertable<T> & { id: number }
export type BoardRow = WithId<BoardTable>
export type SectionRow = WithId<BoardSectionTable>
export type PinRow = WithId<PinTable> & { save_count: number; like_count: number }

export interface WorldPlan {
  boards: BoardRow[]
  sections: SectionRow[]
  pins: PinRow[]
  likes: Insertable<PinLikeTable>[]
  follows: Insertable<FollowTable>[]
  boardFollows: Insertable<BoardFollowTable>[]
}

export interface PlanInput {
  rng: Rng
  people: PersonIdea[]
  /** the user id of each person, same order */
  userIds: number[]
  /** the largest ids already taken */
  after: { board: number; section: number; pin: number }
  pins: number
  pools: MediaPools
  /** `curated`: small world, follows by shared interests; otherwise each person follows min–max others */
  follows: 'curated' | { min: number; max: number }
  likesPerPin: number
  repinShare: number
  now: number
  spanDays: number
}

/** Boards that are SECRET in the demo, as people keep them: plans and surprises. */
const SECRET_BOARDS: { name: string; description: string; theme: Theme }[] = [
  { name: 'Gift ideas', description: 'Shh. Birthdays and holidays.', theme: 'style' },
  { name: 'Surprise trip', description: 'Anniversary, do not tell.', theme: 'travel' },
  { name: 'Wedding planning', description: 'Venues, flowers, the lot.', theme: 'garden' },
  { name: 'Someday kitchen', description: 'If we ever renovate.', theme: 'home' },
]

/** Picks an index with probability proportional to its weight (cumulative weights, binary search). */
function weightedPicker(rng: Rng, weights: number[]) {
  const cumulative: number[] = []
  let total = 0
  for (const w of weights) cumulative.push((total += w))
  return () => {
    const x = rng.next() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid]! > x) hi = mid
      else lo = mid + 1
    }
    return lo
  }
}

const iso = (ms: number) => new Date(ms).toISOString()

/** The whole world as rows, with every denormalised count already right. */
export function planWorld(input: PlanInput): WorldPlan {
  const { rng, people, userIds, pools, now } = input
  const span = input.spanDays * 86400_000
  const start = now - span
  const plan: WorldPlan = {
    boards: [],
    sections: [],
    pins: [],
    likes: [],
    follows: [],
    boardFollows: [],
  }
  const curated = input.follows === 'curated'

  // Boards, one to three per interest, and a few secret ones.
  const boardsOf: { board: BoardRow; theme: Theme; sections: number[] }[][] = people.map(() => [])
  let boardId = input.after.board
  let sectionId = input.after.section
  people.forEach((person, i) => {
    const ownerId = userIds[i]!
    const names = new Set<string>()
    const add = (
      name: string,
      description: string,
      theme: Theme,
      secret: boolean,
      sections: string[],
    ) => {
      if (names.has(name)) return
      names.add(name)
      const board: BoardRow = {
        id: ++boardId,
        owner_id: ownerId,
        name,
        description,
        privacy: secret ? 'SECRET' : 'PUBLIC',
        created_at: iso(start + span * (0.1 + rng.next() * 0.1)),
      }
      plan.boards.push(board)
      const ids = sections.map((s) => {
        plan.sections.push({
          id: ++sectionId,
          board_id: board.id,
          name: s,
          created_at: board.created_at,
        })
        return sectionId
      })
      boardsOf[i]!.push({ board, theme, sections: ids })
    }
    for (const theme of person.interests) {
      const ideas = rng.sample(CATALOG[theme].boards, rng.int(1, 2))
      for (const idea of ideas) {
        const withSections = idea.sections && (curated || rng.chance(0.5)) ? idea.sections : []
        add(idea.name, idea.description, theme, !curated && rng.chance(0.05), withSections)
      }
    }
    if (!person.business_name && (curated ? i % 7 === 2 : rng.chance(0.03))) {
      const idea = SECRET_BOARDS[Math.floor(i / 7) % SECRET_BOARDS.length]!
      add(idea.name, idea.description, idea.theme, true, [])
    }
  })

  // Pins, oldest first, so that a repin always comes after its parent.
  const activity = people.map((p, i) =>
    p.business_name
      ? 3
      : curated
        ? rng.range(0.6, 2)
        : 1 / Math.pow(1 + ((i * 7919) % people.length), 0.7),
  )
  const pickOwner = weightedPicker(rng, activity)
  const publicByTheme = new Map<Theme, number[]>()
  const savedByTheme = new Map<Theme, number[]>()
  let pinId = input.after.pin
  const pinStart = start + span * 0.2
  for (let k = 0; k < input.pins; k++) {
    const owner = pickOwner()
    const { board, theme, sections } = rng.pick(boardsOf[owner]!)
    const secret = board.privacy === 'SECRET'
    const createdAt = iso(pinStart + (span * 0.8 * k) / input.pins)
    const sectionIdOf = sections.length && rng.chance(0.7) ? rng.pick(sections) : null
    const earlier = publicByTheme.get(theme) ?? []
    const popular = savedByTheme.get(theme) ?? []
    let parent: PinRow | undefined
    if (earlier.length > 5 && rng.chance(input.repinShare)) {
      const from = popular.length && rng.chance(0.5) ? popular : earlier
      const candidate = plan.pins[rng.pick(from)]!
      if (candidate.owner_id !== userIds[owner]) parent = candidate
    }
    // where the pin is, and its own counts (a repin starts with none, whatever its parent has)
    const placed = {
      id: ++pinId,
      owner_id: userIds[owner]!,
      board_id: board.id,
      board_section_id: sectionIdOf,
      secret: secret ? 1 : 0,
      save_count: 0,
      like_count: 0,
      click_count: 0,
      created_at: createdAt,
    }
    let pin: PinRow
    if (parent) {
      pin = { ...parent, ...placed, parent_pin_id: parent.id }
      parent.save_count++
      const index = parent.id - input.after.pin - 1
      popular.push(index)
      savedByTheme.set(theme, popular)
    } else {
      const person = people[owner]!
      const text = pinText(
        rng,
        theme,
        person.brandSite && rng.chance(0.8) ? person.brandSite : undefined,
      )
      const pool = secret && pools.secret[theme].length ? pools.secret[theme] : pools.public[theme]
      pin = {
        ...placed,
        title: text.title,
        description: text.description,
        link: text.link,
        alt_text: null,
        media_key: rng.pick(pool),
        parent_pin_id: null,
        source_domain: new URL(text.link).hostname.replace(/^www\./, ''),
      }
    }
    plan.pins.push(pin)
    if (!secret) {
      earlier.push(plan.pins.length - 1)
      publicByTheme.set(theme, earlier)
    }
  }

  // Likes on public pins, from anyone but the owner.
  const pickLiker = weightedPicker(rng, activity)
  for (const pin of plan.pins) {
    if (pin.secret) continue
    const wanted = Math.min(
      people.length - 1,
      Math.floor(-Math.log(1 - rng.next()) * input.likesPerPin * (1 + pin.save_count)),
    )
    const likers = new Set<number>()
    for (let attempt = 0; likers.size < wanted && attempt < wanted * 3; attempt++) {
      const liker = userIds[pickLiker()]!
      if (liker !== pin.owner_id) likers.add(liker)
    }
    const pinTime = Date.parse(pin.created_at)
    for (const liker of likers) {
      plan.likes.push({
        user_id: liker,
        pin_id: pin.id,
        created_at: iso(pinTime + rng.next() * (now - pinTime)),
      })
    }
    pin.like_count = likers.size
  }

  // Follows between people, and of boards.
  const edges = new Set<number>()
  const follow = (a: number, b: number) => {
    if (a === b) return
    const key = a * 67108864 + b
    if (edges.has(key)) return
    edges.add(key)
    plan.follows.push({
      follower_id: userIds[a]!,
      followee_id: userIds[b]!,
      created_at: iso(start + span * (0.15 + rng.next() * 0.85)),
    })
  }
  const follows = (a: number, b: number) => edges.has(a * 67108864 + b)
  if (input.follows === 'curated') {
    const shared = (a: PersonIdea, b: PersonIdea) =>
      a.interests.filter((t) => b.interests.includes(t)).length
    people.forEach((a, i) => {
      if (a.business_name) return
      people.forEach((b, j) => {
        const s = shared(a, b)
        const p = b.business_name ? (s ? 0.75 : 0.1) : s ? 0.3 + 0.1 * s : 0.05
        if (rng.chance(p)) follow(i, j)
      })
    })
    // friends follow back; brands follow back some of their followers
    for (const f of [...plan.follows]) {
      const a = userIds.indexOf(f.follower_id)
      const b = userIds.indexOf(f.followee_id)
      if (!follows(b, a) && rng.chance(people[b]!.business_name ? 0.5 : 0.6)) follow(b, a)
    }
    // the first person is the demo's guide: make sure they have mutual friends and a brand
    const brand = people.findIndex((p) => p.business_name)
    for (const j of [1, 2, 6, brand]) {
      if (j > 0 && j < people.length) {
        follow(0, j)
        follow(j, 0)
      }
    }
  } else {
    const { min, max } = input.follows
    const pickFollowee = weightedPicker(
      rng,
      activity.map((w) => Math.sqrt(w)),
    )
    for (let a = 0; a < people.length; a++) {
      const k = Math.min(people.length - 1, rng.int(min, max))
      for (let n = 0, tries = 0; n < k && tries < k * 3; tries++) {
        const b = pickFollowee()
        if (b === a || follows(a, b)) continue
        follow(a, b)
        n++
        if (rng.chance(0.25)) follow(b, a)
      }
    }
  }
  const publicBoards = plan.boards.filter((b) => b.privacy === 'PUBLIC')
  const boardFollowed = new Set<string>()
  people.forEach((person, i) => {
    const wanted = person.business_name ? 0 : curated ? rng.int(0, 2) : rng.int(0, 3)
    let added = 0
    for (let tries = 0; added < wanted && tries < wanted * 3; tries++) {
      const board = rng.pick(publicBoards)
      const key = `${userIds[i]}:${board.id}`
      if (board.owner_id === userIds[i] || boardFollowed.has(key)) continue
      boardFollowed.add(key)
      added++
      plan.boardFollows.push({
        user_id: userIds[i]!,
        board_id: board.id,
        created_at: iso(start + span * (0.3 + rng.next() * 0.7)),
      })
    }
  })
  return plan
}
