import type { Theme } from './images/render'
import type { Rng } from './prng'

export interface PersonIdea {
  username: string
  about: string
  interests: Theme[]
  website_url?: string
  business_name?: string
  /** a brand's own site: its pins link there */
  brandSite?: { domain: string; path: string }
  brandHue?: number
}

/** The demo world's people: friends, acquaintances, and three brands. */
export const DEMO_PEOPLE: PersonIdea[] = [
  {
    username: 'ana',
    about: 'Cooking for friends, camping with them too. Lisbon.',
    interests: ['recipes', 'camping', 'travel'],
  },
  {
    username: 'ben',
    about: 'Weekend hiker, weekday spreadsheet person.',
    interests: ['camping', 'travel'],
  },
  {
    username: 'chloe',
    about: 'Small flat, big plans. Plants everywhere.',
    interests: ['home', 'garden', 'style'],
  },
  {
    username: 'dev',
    about: 'I bake bread when I am stressed. So, often.',
    interests: ['recipes', 'art'],
  },
  {
    username: 'elif',
    about: 'Textile designer. Colour obsessed.',
    interests: ['art', 'style', 'home'],
  },
  {
    username: 'farah',
    about: 'Collecting islands, one ferry at a time.',
    interests: ['travel', 'recipes'],
  },
  {
    username: 'gus',
    about: 'Dad of three, camping enthusiast, tent repair expert.',
    interests: ['camping', 'recipes'],
  },
  {
    username: 'hana',
    about: 'Capsule wardrobe convert. Linen forever.',
    interests: ['style', 'travel'],
  },
  { username: 'ivan', about: 'Architect. Notes on rooms that work.', interests: ['home', 'art'] },
  { username: 'jules', about: 'Balcony gardener in Lyon.', interests: ['garden', 'recipes'] },
  { username: 'kofi', about: 'Road trips and good coffee.', interests: ['travel', 'camping'] },
  {
    username: 'lena',
    about: 'Vegetarian cook, occasional food writer.',
    interests: ['recipes', 'garden'],
  },
  {
    username: 'mateo',
    about: 'Climbing, trail running, sleeping outside.',
    interests: ['camping', 'style'],
  },
  {
    username: 'nora',
    about: 'Renovating a 1930s house, slowly.',
    interests: ['home', 'garden', 'art'],
  },
  { username: 'omar', about: 'Street food hunter.', interests: ['recipes', 'travel'] },
  {
    username: 'priya',
    about: 'Wedding season survivor. Outfit archive.',
    interests: ['style', 'home'],
  },
  { username: 'quinn', about: 'Illustrator. Shapes and colours.', interests: ['art', 'style'] },
  { username: 'rosa', about: 'Grandma recipes, modern kitchen.', interests: ['recipes', 'home'] },
  { username: 'sami', about: 'Backpacking on a budget.', interests: ['travel', 'camping'] },
  {
    username: 'tess',
    about: 'Interior stylist. Cushions are my love language.',
    interests: ['home', 'style'],
  },
  { username: 'uma', about: 'Succulent hoarder.', interests: ['garden', 'art'] },
  { username: 'victor', about: 'Minimalist, mostly.', interests: ['style', 'home', 'art'] },
  {
    username: 'wren',
    about: 'Forager and wild camper.',
    interests: ['camping', 'garden', 'recipes'],
  },
  { username: 'xavi', about: 'Surf, sun, repeat.', interests: ['travel', 'style'] },
  {
    username: 'yara',
    about: 'Cake decorator. Buttercream everything.',
    interests: ['recipes', 'art'],
  },
  {
    username: 'zoe',
    about: 'First apartment! Send help (and shelf ideas).',
    interests: ['home', 'garden'],
  },
  {
    username: 'leo',
    about: 'Photographer chasing golden hour.',
    interests: ['travel', 'art', 'camping'],
  },
  { username: 'maya', about: 'Thrift finds and slow fashion.', interests: ['style', 'home'] },
  {
    username: 'noah',
    about: 'Cooking my way through every cuisine.',
    interests: ['recipes', 'travel'],
  },
  { username: 'iris', about: 'Florist. Seasonal flowers only.', interests: ['garden', 'home'] },
  {
    username: 'trailhead',
    business_name: 'Trailhead Outfitters',
    about: 'Tents, packs and good advice since 1998. Share your trips with #trailhead.',
    interests: ['camping', 'travel'],
    website_url: 'https://www.trailheadoutfitters.com',
    brandSite: { domain: 'www.trailheadoutfitters.com', path: 'journal/' },
    brandHue: 150,
  },
  {
    username: 'maisonverte',
    business_name: 'Maison Verte',
    about: 'Plants, pots and calm homes. Free delivery over €50.',
    interests: ['garden', 'home'],
    website_url: 'https://www.maisonverte.shop',
    brandSite: { domain: 'www.maisonverte.shop', path: 'inspiration/' },
    brandHue: 95,
  },
  {
    username: 'copperpot',
    business_name: 'Copper Pot Kitchen',
    about: 'Cookware for people who love to cook. Recipes every week.',
    interests: ['recipes', 'home'],
    website_url: 'https://www.copperpotkitchen.com',
    brandSite: { domain: 'www.copperpotkitchen.com', path: 'recipes/' },
    brandHue: 18,
  },
]

const FIRST = [
  'alex',
  'sam',
  'jo',
  'max',
  'lou',
  'kim',
  'rae',
  'nico',
  'ada',
  'eli',
  'ines',
  'hugo',
  'lia',
  'tom',
  'mia',
  'jan',
  'sofia',
  'luca',
  'emma',
  'liam',
  'zara',
  'finn',
  'nina',
  'oscar',
  'clara',
  'ravi',
  'aiko',
  'tariq',
  'maren',
  'pablo',
  'greta',
  'amir',
  'lucy',
  'felix',
  'sara',
  'idris',
  'joy',
  'kai',
  'vera',
  'milo',
]
const LAST = [
  'bakes',
  'hikes',
  'home',
  'cooks',
  'travels',
  'makes',
  'plants',
  'styles',
  'draws',
  'camps',
  'eats',
  'roams',
  'smith',
  'garcia',
  'muller',
  'rossi',
  'silva',
  'kowal',
  'novak',
  'berg',
  'moreau',
  'costa',
  'tanaka',
  'okafor',
]
const ABOUTS = [
  'Saving ideas for later.',
  'Mostly food, sometimes trips.',
  'Collector of nice things.',
  'Here for the inspiration.',
  'Weekend projects and long walks.',
  '',
  '',
  'Planning, always planning.',
]

/** Synthetic people for large data sets: unique usernames, one or two interests each. */
export function syntheticPerson(rng: Rng, index: number, themes: readonly Theme[]): PersonIdea {
  const username = `${rng.pick(FIRST)}_${rng.pick(LAST)}${index}`.slice(0, 30)
  return { username, about: rng.pick(ABOUTS), interests: rng.sample(themes, rng.int(1, 3)) }
}
