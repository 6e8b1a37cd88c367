/** Follows a topic as a read_committed reader (no consumer group) and hands each record's marker to a Tally. */
import { CommittedLogReader } from '../../src/kafka/committed-log-reader.ts'
import { readMarker } from './body-marker.ts'
import type { Tally } from './tally.ts'

/** Polls every `pauseMs` after catching up; the pause adds at most that much to measured Kafka latencies. */
export function tailTopic (bootstrap: string, topic: string, tally: Tally, pauseMs = 10): { stop: () => Promise<void> } {
  const reader = new CommittedLogReader([bootstrap], 'bench-compare-tail', topic)
  let stopped = false
  let failure: unknown
  const loop = (async () => {
    while (!stopped) {
      try {
        await reader.catchUp((entry) => tally.add(readMarker(entry.value), Date.now()), 60_000)
      } catch (error) {
        failure = error
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
      await new Promise((resolve) => setTimeout(resolve, pauseMs))
    }
  })()
  return {
    stop: async () => {
      // A last pass, so duplicates written just before the system stopped are counted too.
      stopped = true
      await loop
      await reader.catchUp((entry) => tally.add(readMarker(entry.value), Date.now()), 30_000).catch((error: unknown) => { failure ??= error })
      await reader.close()
      if (failure !== undefined && tally.distinct === 0) throw failure instanceof Error ? failure : new Error(String(failure))
    }
  }
}
