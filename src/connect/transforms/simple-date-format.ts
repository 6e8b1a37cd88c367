/**
 * java.text.SimpleDateFormat in UTC and the English locale, for TimestampConverter and TimestampRouter:
 * the pattern letters G y Y M L d D E u a H k K h m s S z Z X and quoted text. Week fields (w W F)
 * are refused, as are letters SimpleDateFormat does not know.
 */
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const KNOWN = 'GyYMLdDEuaHkKhmsSzZX'
const UNSUPPORTED = 'wWF'

type Part = { readonly text: string } | { readonly letter: string, readonly count: number }

/** Splits a pattern into letters and literal text; throws as SimpleDateFormat's constructor does. */
export function compilePattern (pattern: string): Part[] {
  const parts: Part[] = []
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i]!
    if (c === '\'') {
      if (pattern[i + 1] === '\'') { parts.push({ text: '\'' }); i += 2; continue }
      let text = ''
      i++
      for (;;) {
        if (i >= pattern.length) throw new Error(`Unterminated quote in pattern ${pattern}`)
        if (pattern[i] === '\'') {
          if (pattern[i + 1] === '\'') { text += '\''; i += 2; continue }
          i++
          break
        }
        text += pattern[i]
        i++
      }
      parts.push({ text })
    } else if (/[a-zA-Z]/.test(c)) {
      if (!KNOWN.includes(c)) {
        if (UNSUPPORTED.includes(c)) throw new Error(`Pattern letter '${c}' is not supported by sqs-connect`)
        throw new Error(`Illegal pattern character '${c}'`)
      }
      let count = 1
      while (pattern[i + count] === c) count++
      parts.push({ letter: c, count })
      i += count
    } else {
      parts.push({ text: c })
      i++
    }
  }
  return parts
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

/** SimpleDateFormat.format in UTC. */
export function formatDate (parts: readonly Part[], epochMillis: number): string {
  const d = new Date(epochMillis)
  let out = ''
  for (const part of parts) {
    if ('text' in part) { out += part.text; continue }
    const { letter, count } = part
    const year = d.getUTCFullYear()
    const displayYear = year <= 0 ? 1 - year : year
    const hour = d.getUTCHours()
    switch (letter) {
      case 'G': out += year <= 0 ? 'BC' : 'AD'; break
      case 'y': case 'Y': out += count === 2 ? pad(displayYear % 100, 2) : pad(displayYear, count); break
      case 'M': case 'L': out += count >= 4 ? MONTHS[d.getUTCMonth()] : count === 3 ? MONTHS[d.getUTCMonth()]!.slice(0, 3) : pad(d.getUTCMonth() + 1, count); break
      case 'd': out += pad(d.getUTCDate(), count); break
      case 'D': out += pad(Math.floor((Date.UTC(year, d.getUTCMonth(), d.getUTCDate()) - Date.UTC(year, 0, 1)) / 86_400_000) + 1, count); break
      case 'E': out += count >= 4 ? DAYS[d.getUTCDay()] : DAYS[d.getUTCDay()]!.slice(0, 3); break
      case 'u': out += pad(d.getUTCDay() === 0 ? 7 : d.getUTCDay(), count); break
      case 'a': out += hour < 12 ? 'AM' : 'PM'; break
      case 'H': out += pad(hour, count); break
      case 'k': out += pad(hour === 0 ? 24 : hour, count); break
      case 'K': out += pad(hour % 12, count); break
      case 'h': out += pad(hour % 12 === 0 ? 12 : hour % 12, count); break
      case 'm': out += pad(d.getUTCMinutes(), count); break
      case 's': out += pad(d.getUTCSeconds(), count); break
      case 'S': out += pad(d.getUTCMilliseconds(), count); break
      case 'z': out += count >= 4 ? 'Coordinated Universal Time' : 'UTC'; break
      case 'Z': out += '+0000'; break
      case 'X': out += 'Z'; break
    }
  }
  return out
}

function isNumeric (part: Part | undefined): boolean {
  return part !== undefined && 'letter' in part && !'GEaMLzZX'.includes(part.letter) || (part !== undefined && 'letter' in part && (part.letter === 'M' || part.letter === 'L') && part.count < 3)
}

/** SimpleDateFormat.parse (lenient, UTC): epoch milliseconds, or undefined when the text does not fit. */
export function parseDate (parts: readonly Part[], text: string): number | undefined {
  let pos = 0
  const f = { year: 1970, month: 0, day: 1, hour: 0, hour12: -1, pm: false, minute: 0, second: 0, milli: 0, dayOfYear: -1, bc: false, offsetMinutes: 0 }
  for (const [i, part] of parts.entries()) {
    if ('text' in part) {
      if (!text.startsWith(part.text, pos)) return undefined
      pos += part.text.length
      continue
    }
    const { letter, count } = part
    const takeName = (names: readonly string[]): number | undefined => {
      for (const [idx, name] of names.entries()) {
        for (const candidate of [name, name.slice(0, 3)]) {
          if (text.slice(pos, pos + candidate.length).toLowerCase() === candidate.toLowerCase()) { pos += candidate.length; return idx }
        }
      }
      return undefined
    }
    if ((letter === 'M' || letter === 'L') && count >= 3) {
      const month = takeName(MONTHS)
      if (month === undefined) return undefined
      f.month = month
      continue
    }
    switch (letter) {
      case 'E': if (takeName(DAYS) === undefined) return undefined; continue
      case 'a': { const ap = takeName(['AM', 'PM']); if (ap === undefined) return undefined; f.pm = ap === 1; continue }
      case 'G': { const era = takeName(['BC', 'AD']); if (era === undefined) return undefined; f.bc = era === 0; continue }
      case 'z': case 'Z': case 'X': {
        const zone = /^(?:Z|UTC|GMT|Coordinated Universal Time|([+-])(\d\d):?(\d\d)?)/.exec(text.slice(pos))
        if (zone === null) return undefined
        pos += zone[0].length
        if (zone[1] !== undefined) f.offsetMinutes = (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3] ?? 0))
        continue
      }
      default:
    }
    // Numbers: exactly `count` digits when the next field is a number too (abutting fields), else all digits.
    const abutting = isNumeric(parts[i + 1])
    const sign = text[pos] === '-' || text[pos] === '+' ? text[pos]! : ''
    const digits = /^\d+/.exec(text.slice(pos + sign.length))?.[0]
    if (digits === undefined) return undefined
    const taken = abutting ? digits.slice(0, count) : digits
    if (taken.length === 0) return undefined
    pos += sign.length + taken.length
    const n = Number(sign + taken)
    switch (letter) {
      case 'y': case 'Y': f.year = count <= 2 && taken.length === 2 && sign === '' ? twoDigitYear(n) : n; break
      case 'M': case 'L': f.month = n - 1; break
      case 'd': f.day = n; break
      case 'D': f.dayOfYear = n; break
      case 'u': break
      case 'H': f.hour = n; break
      case 'k': f.hour = n === 24 ? 0 : n; break
      case 'K': f.hour12 = n; break
      case 'h': f.hour12 = n === 12 ? 0 : n; break
      case 'm': f.minute = n; break
      case 's': f.second = n; break
      case 'S': f.milli = n; break
    }
  }
  const year = f.bc ? 1 - f.year : f.year
  const hour = f.hour12 >= 0 ? f.hour12 + (f.pm ? 12 : 0) : f.hour
  const date = new Date(0)
  if (f.dayOfYear >= 0) date.setUTCFullYear(year, 0, f.dayOfYear)
  else date.setUTCFullYear(year, f.month, f.day)
  date.setUTCHours(hour, f.minute, f.second, f.milli)
  return date.getTime() - f.offsetMinutes * 60_000
}

/** SimpleDateFormat puts a two-digit year within 80 years before and 20 after now. */
function twoDigitYear (yy: number): number {
  const now = new Date()
  const start = now.getUTCFullYear() - 80
  let year = Math.floor(start / 100) * 100 + yy
  if (year < start) year += 100
  return year
}
