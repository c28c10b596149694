import type { AppContext } from '../context'

// Placeholder: the demo world is being built (see issue 2).
export async function seedDemoIfEmpty(_ctx: AppContext): Promise<void> {}
