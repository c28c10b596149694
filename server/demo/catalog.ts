import type { Theme } from './images/render'
import type { Rng } from './prng'

export interface BoardIdea {
  name: string
  description: string
  sections?: string[]
}

export interface ThemeCatalog {
  boards: BoardIdea[]
  /** pin titles; `{x}` is replaced by one of `fill` */
  titles: string[]
  fill: string[]
  blurbs: string[]
  /** source sites and the path their articles live under */
  sites: { domain: string; path: string }[]
}

export const CATALOG: Record<Theme, ThemeCatalog> = {
  recipes: {
    boards: [
      {
        name: 'Weeknight dinners',
        description: 'Thirty minutes or less, one pan if possible.',
        sections: ['Pasta', 'Soups', 'Salads'],
      },
      {
        name: 'Baking projects',
        description: 'Cakes, breads and the occasional disaster.',
        sections: ['Cakes', 'Bread'],
      },
      { name: 'Recipes to try', description: 'Saved for a rainy Sunday.' },
      { name: 'Summer drinks', description: 'Lemonades, spritzes and iced everything.' },
      { name: 'Vegetarian', description: 'Meat-free mains that nobody misses meat in.' },
      { name: 'Meal prep', description: 'Cook once, eat all week.' },
    ],
    titles: [
      'Creamy tomato {x} soup',
      'One-pan lemon {x} pasta',
      'Crispy {x} salad with tahini',
      'Roasted {x} with miso butter',
      'Easy {x} pizza at home',
      'Spiced {x} and lentil stew',
      'The best {x} cake',
      'Sourdough {x} focaccia',
      'Iced {x} lemonade',
      '{x} and ricotta tart',
      'Charred {x} tacos',
      'Slow-cooker {x} curry',
      'Weeknight {x} stir fry',
      'Grilled {x} with salsa verde',
      'Sheet-pan {x} and chickpeas',
      'Brown butter {x} cookies',
      'Golden {x} dal',
      'Summer {x} panzanella',
      'Whipped feta with {x}',
      'Five-ingredient {x} gnocchi',
    ],
    fill: [
      'tomato',
      'lemon',
      'squash',
      'mushroom',
      'chickpea',
      'carrot',
      'peach',
      'strawberry',
      'cauliflower',
      'corn',
      'spinach',
      'ginger',
      'coconut',
      'pumpkin',
      'basil',
      'halloumi',
      'eggplant',
      'rhubarb',
      'salmon',
      'chicken',
    ],
    blurbs: [
      'Comes together in about 30 minutes and reheats beautifully.',
      'Made this twice this week already.',
      'A little effort, a lot of flavour. Serves four.',
      'Kid-approved, which is saying something.',
      'Double the sauce, trust me.',
      'Perfect for a lazy Sunday lunch with friends.',
      'Use whatever vegetables you have in the fridge.',
      'Freezes well, so make a big batch.',
      'The trick is to toast the spices first.',
      'Bright, fresh and ready in one pan.',
    ],
    sites: [
      { domain: 'www.seriouseats.com', path: '' },
      { domain: 'www.bonappetit.com', path: 'recipe/' },
      { domain: 'cooking.nytimes.com', path: 'recipes/' },
      { domain: 'www.smittenkitchen.com', path: '2024/' },
      { domain: 'www.bbcgoodfood.com', path: 'recipes/' },
      { domain: 'www.budgetbytes.com', path: '' },
    ],
  },
  travel: {
    boards: [
      {
        name: 'Travel bucket list',
        description: 'Places I will get to one day.',
        sections: ['Europe', 'Asia', 'Americas'],
      },
      { name: 'Greek islands', description: 'White houses, blue doors, long lunches.' },
      { name: 'Beach days', description: 'Sand, sun and a good book.' },
      { name: 'City breaks', description: 'Long weekends, lots of walking.' },
      { name: 'Road trip', description: 'Stops, snacks and scenic routes.' },
    ],
    titles: [
      '10 days in {x}: a slow itinerary',
      'Where to eat in {x}',
      'The quietest beaches near {x}',
      'A weekend in {x} on a budget',
      'Sunrise balloon ride over {x}',
      '{x} in the off season',
      'Hidden villages around {x}',
      'How to spend 48 hours in {x}',
      'Island hopping from {x}',
      'The ultimate {x} packing list',
      'Best viewpoints in {x}',
      'A food lover\u2019s guide to {x}',
    ],
    fill: [
      'Santorini',
      'Lisbon',
      'Cappadocia',
      'Kyoto',
      'Mallorca',
      'Oaxaca',
      'Bali',
      'Naxos',
      'the Algarve',
      'Sicily',
      'Crete',
      'Marrakech',
      'Tulum',
      'Porto',
      'the Amalfi coast',
    ],
    blurbs: [
      'Go in May or late September for warm water and fewer crowds.',
      'We rented a car for two days and it was worth it.',
      'Book the ferry early in summer.',
      'Our favourite trip so far, hands down.',
      'Pack light, you will walk everywhere.',
      'The sunsets alone are worth the trip.',
      'Tips on where to stay, what to skip and what to book ahead.',
    ],
    sites: [
      { domain: 'www.lonelyplanet.com', path: 'articles/' },
      { domain: 'www.cntraveler.com', path: 'story/' },
      { domain: 'www.atlasobscura.com', path: 'places/' },
      { domain: 'www.nomadicmatt.com', path: 'travel-guides/' },
      { domain: 'www.travelandleisure.com', path: 'trip-ideas/' },
    ],
  },
  camping: {
    boards: [
      {
        name: 'Camping trip',
        description: 'Planning the big one with the gang.',
        sections: ['Gear', 'Food', 'Spots'],
      },
      { name: 'Hiking trails', description: 'Day hikes and a few long ones.' },
      { name: 'Ultralight gear', description: 'Every gram counts.' },
      { name: 'Campfire cooking', description: 'Cast iron and foil packets.' },
      { name: 'Family camping', description: 'Camping with small humans.' },
    ],
    titles: [
      'Best {x} tents for 2024',
      'Ultralight {x} packing list',
      'Family camping in {x}',
      'A beginner\u2019s guide to {x} camping',
      'Dutch oven {x} over the fire',
      'Our favourite {x} sleeping bag',
      'Wild camping near {x}',
      'The perfect {x} campsite setup',
      'Stargazing spots in {x}',
      'How to pick a {x} backpack',
      'Lakeside camping in {x}',
      '{x} trail: a 3-day loop',
    ],
    fill: [
      '2 person',
      'family',
      'backpacking',
      'four-season',
      'ultralight',
      'Yosemite',
      'the Dolomites',
      'Patagonia',
      'the Lake District',
      'Banff',
      'Scotland',
      'winter',
      'car',
      'the Alps',
      'Zion',
    ],
    blurbs: [
      'Tested on a rainy weekend and stayed dry.',
      'Packs down to the size of a water bottle.',
      'Great for two people plus gear.',
      'Bring a headlamp and more layers than you think.',
      'Easy to pitch alone in under five minutes.',
      'Leave no trace, take only photos.',
      'The view from the tent door in the morning was unreal.',
    ],
    sites: [
      { domain: 'www.rei.com', path: 'learn/expert-advice/' },
      { domain: 'www.outdoorgearlab.com', path: 'topics/camping-and-hiking/' },
      { domain: 'www.switchbacktravel.com', path: '' },
      { domain: 'www.alltrails.com', path: 'trail/' },
      { domain: 'www.backpacker.com', path: 'skills/' },
    ],
  },
  home: {
    boards: [
      {
        name: 'Living room ideas',
        description: 'Cosy, calm, not too precious.',
        sections: ['Sofas', 'Lighting', 'Walls'],
      },
      { name: 'Small apartment', description: 'Making 45 square metres work.' },
      { name: 'Shelf styling', description: 'Books, vases, a plant or three.' },
      { name: 'Dream home', description: 'One day.' },
      { name: 'Cozy corners', description: 'Reading nooks and warm light.' },
    ],
    titles: [
      '{x} living room makeover',
      'How to style a {x} shelf',
      'Small space {x} ideas',
      'A {x} reading corner',
      'Warm {x} lighting ideas',
      '{x} paint colours we love',
      'Renter-friendly {x} upgrades',
      'The {x} sofa guide',
      'Mixing {x} and vintage',
      'A calm {x} bedroom',
      '{x} gallery wall layout',
      'Budget {x} refresh',
    ],
    fill: [
      'Scandinavian',
      'mid-century',
      'japandi',
      'boho',
      'terracotta',
      'sage green',
      'minimalist',
      'cottage',
      'warm neutral',
      'modern rustic',
      'colourful',
      'coastal',
    ],
    blurbs: [
      'Most of this came from flea markets.',
      'A weekend project that changed the whole room.',
      'Layer lamps at different heights for a warm glow.',
      'Plants make every corner better.',
      'The rug ties everything together.',
      'Small changes, big difference.',
    ],
    sites: [
      { domain: 'www.apartmenttherapy.com', path: '' },
      { domain: 'www.architecturaldigest.com', path: 'story/' },
      { domain: 'www.houzz.com', path: 'ideabooks/' },
      { domain: 'www.dwell.com', path: 'article/' },
      { domain: 'www.thespruce.com', path: '' },
    ],
  },
  style: {
    boards: [
      {
        name: 'Outfit ideas',
        description: 'Things I would actually wear.',
        sections: ['Work', 'Weekend'],
      },
      { name: 'Capsule wardrobe', description: 'Fewer, better things.' },
      { name: 'Autumn layers', description: 'Coats, knits and good boots.' },
      { name: 'Wedding guest', description: 'Three weddings this summer.' },
    ],
    titles: [
      '{x} capsule wardrobe',
      'How to style a {x} coat',
      '{x} outfits for work',
      'The perfect {x} dress',
      'Weekend {x} looks',
      '{x} linen shirts',
      'What to pack for a {x} trip',
      'Building a {x} wardrobe',
      'Layering for {x} weather',
      '{x} sneakers that go with everything',
    ],
    fill: [
      'autumn',
      'spring',
      'minimal',
      'French',
      'summer',
      'neutral',
      'vintage',
      'classic',
      'travel',
      'monochrome',
      'relaxed',
    ],
    blurbs: [
      'Ten pieces, thirty outfits.',
      'Easy to dress up or down.',
      'Natural fabrics only.',
      'Bought it second-hand and love it.',
      'Works from the office to dinner.',
      'Timeless, not trendy.',
    ],
    sites: [
      { domain: 'www.vogue.com', path: 'article/' },
      { domain: 'www.whowhatwear.com', path: 'fashion/' },
      { domain: 'www.refinery29.com', path: 'en-us/' },
      { domain: 'www.theguardian.com', path: 'fashion/' },
    ],
  },
  garden: {
    boards: [
      {
        name: 'Houseplants',
        description: 'Trying not to kill them.',
        sections: ['Easy care', 'Propagation'],
      },
      { name: 'Balcony garden', description: 'Herbs, tomatoes, and a chair.' },
      { name: 'Flower arranging', description: 'Market flowers, simple vases.' },
      { name: 'Succulents', description: 'The low-maintenance crowd.' },
    ],
    titles: [
      'How to care for a {x}',
      '{x} propagation step by step',
      'A {x} balcony garden',
      'Easy {x} for beginners',
      'Repotting your {x}',
      '{x} flower arrangement',
      'Best light for a {x}',
      'Growing {x} indoors',
    ],
    fill: [
      'monstera',
      'pothos',
      'fiddle leaf fig',
      'snake plant',
      'succulent',
      'cactus',
      'herb',
      'peony',
      'tulip',
      'fern',
      'olive tree',
      'basil',
    ],
    blurbs: [
      'Bright indirect light and water when the top inch is dry.',
      'It doubled in size in one summer.',
      'Cuttings rooted in water in about three weeks.',
      'Perfect for a north-facing window.',
      'A five-minute arrangement with supermarket flowers.',
    ],
    sites: [
      { domain: 'www.thesill.com', path: 'blogs/plants-101/' },
      { domain: 'www.rhs.org.uk', path: 'plants/' },
      { domain: 'www.gardenersworld.com', path: 'how-to/' },
      { domain: 'www.bloomscape.com', path: 'plant-care-guide/' },
    ],
  },
  art: {
    boards: [
      {
        name: 'Art prints',
        description: 'Walls need something.',
        sections: ['Abstract', 'Mid-century'],
      },
      { name: 'Colour palettes', description: 'Combinations that just work.' },
      { name: 'Design inspiration', description: 'Shapes, grids and type.' },
    ],
    titles: [
      '{x} geometric print',
      '{x} colour palette',
      'Printable {x} wall art',
      '{x} poster set',
      'Bauhaus-inspired {x} shapes',
      '{x} design inspiration',
      'DIY {x} canvas',
      'A {x} gallery wall',
    ],
    fill: [
      'mid-century',
      'earthy',
      'terracotta',
      'retro',
      'sunset',
      'minimal',
      'bold',
      'muted',
      'warm',
      'Scandi',
    ],
    blurbs: [
      'Printed on thick matte paper, framed in oak.',
      'Free printable in three sizes.',
      'Painted this over a weekend.',
      'The palette for our living room.',
      'Love the balance of shapes here.',
    ],
    sites: [
      { domain: 'www.etsy.com', path: 'listing/' },
      { domain: 'www.behance.net', path: 'gallery/' },
      { domain: 'www.society6.com', path: 'product/' },
      { domain: 'www.dribbble.com', path: 'shots/' },
    ],
  },
}

export const slugify = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80)

/** Title, description and link for a new pin on a theme. */
export function pinText(rng: Rng, theme: Theme, site?: { domain: string; path: string }) {
  const c = CATALOG[theme]
  const title = rng.pick(c.titles).replace('{x}', rng.pick(c.fill))
  const cased = title.charAt(0).toUpperCase() + title.slice(1)
  const description = rng.chance(0.15) ? '' : rng.sample(c.blurbs, rng.int(1, 2)).join(' ')
  const where = site ?? rng.pick(c.sites)
  const link = `https://${where.domain}/${where.path}${slugify(title)}${rng.chance(0.3) ? `-${rng.int(10, 999)}` : ''}`
  return { title: cased, description, link }
}
