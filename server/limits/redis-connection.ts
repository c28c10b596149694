import { Redis } from 'ioredis'
import type { OutageLog } from '../outage-log'

/**
 * The rate limits' Redis connection: commands fail at once while it is down (no offline
 * queue) and the limits fail open, so an outage never stalls or refuses requests.
 */
export async function connectRateLimitRedis(url: string, outage: OutageLog): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false })
  redis.on('error', (err) => outage.failed('rate limits', err))
  redis.on('ready', () => outage.recovered('rate limits'))
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 5000)
    redis.once('ready', () => {
      clearTimeout(timer)
      resolve()
    })
  })
  return redis
}
