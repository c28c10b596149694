/** The real Corkboard server, configured from the environment the bench gives it. */
import { serveCorkboard } from './serve'

await serveCorkboard()
