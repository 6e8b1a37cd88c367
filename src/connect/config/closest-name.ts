/** Suggests the known property a misspelt one most likely meant. */

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance (a: string, b: string): number {
  const rows = a.length + 1
  const cols = b.length + 1
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      const row = d[i] as number[]
      const above = d[i - 1] as number[]
      let best = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, ((d[i - 2] as number[])[j - 2] as number) + 1)
      row[j] = best
    }
  }
  return (d[a.length] as number[])[b.length] as number
}

/**
 * The closest of `known` to `name`, when it is close enough to be a plausible typo: at most a third of
 * the name's length in edits, or the same words in another order or with other separators.
 */
export function closestName (name: string, known: readonly string[]): string | undefined {
  const words = (text: string): string => text.toLowerCase().split(/[._-]+/).filter((w) => w !== '').sort().join('.')
  const sameWords = known.find((candidate) => words(candidate) === words(name) || candidate.replace(/[._-]/g, '') === name.toLowerCase().replace(/[._-]/g, ''))
  if (sameWords !== undefined) return sameWords
  let best: { name: string, distance: number } | undefined
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate)
    if (best === undefined || distance < best.distance) best = { name: candidate, distance }
  }
  if (best !== undefined && best.distance <= Math.max(2, Math.floor(name.length / 3))) return best.name
  return mostWordsInCommon(name, known)
}

/** The known name sharing the largest part of its words with `name` (at least half), ties to the nearer spelling. */
function mostWordsInCommon (name: string, known: readonly string[]): string | undefined {
  const wordsOf = (text: string): Set<string> => new Set(text.toLowerCase().split(/[._-]+/).filter((w) => w !== ''))
  const mine = wordsOf(name)
  let best: { name: string, share: number, distance: number } | undefined
  for (const candidate of known) {
    const theirs = wordsOf(candidate)
    const shared = [...mine].filter((w) => theirs.has(w)).length
    const share = shared / new Set([...mine, ...theirs]).size
    const distance = editDistance(name.toLowerCase(), candidate)
    if (best === undefined || share > best.share || (share === best.share && distance < best.distance)) best = { name: candidate, share, distance }
  }
  return best !== undefined && best.share >= 0.5 ? best.name : undefined
}
