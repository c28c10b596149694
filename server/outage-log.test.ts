import { describe, expect, it } from 'vitest'
import { createOutageLog } from './outage-log'

describe('outage log', () => {
  it('warns once per outage, counts the rest, and logs the recovery of the last source', () => {
    const lines: [string, string][] = []
    const log = {
      warn: (_: object, msg: string) => void lines.push(['warn', msg]),
      info: (o: object, msg: string) => void lines.push(['info', `${msg} ${JSON.stringify(o)}`]),
    }
    const outage = createOutageLog(log as never, 'redis')
    for (let i = 0; i < 100; i++) outage.failed(i % 2 ? 'publisher' : 'subscriber', new Error('x'))
    outage.recovered('publisher')
    expect(lines).toEqual([['warn', 'redis unreachable; carrying on without it']])
    outage.recovered('subscriber')
    expect(lines[1]![1]).toMatch(/^redis is back \{"failures":100,/)
    outage.recovered('subscriber')
    outage.failed('publisher', new Error('again'))
    expect(lines.map(([level]) => level)).toEqual(['warn', 'info', 'warn'])
  })
})
