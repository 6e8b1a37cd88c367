/**
 * Java regular expressions as RegexRouter and TopicNameMatches use them: the whole topic must match
 * (Matcher.matches), and replacements use Java's `$1` / `${name}` group references with `\` escapes.
 * Patterns run on JavaScript's engine, which agrees with Java's for the syntax topic patterns use
 * (classes, groups, quantifiers, alternation, anchors); Java-only constructs fail to compile here.
 */
import { dataError } from '../../errors.ts'

/**
 * Java escapes JavaScript reads differently or not at all (without the u flag an unknown escape is the
 * letter itself, so `\p{Alpha}` would silently match "p{Alpha}"): refused rather than misread.
 */
const JAVA_ONLY = /\\(?:[pPQEAZzGhHRXeN0]|[a-zA-Z](?<![dDwWsSbBnrtfvcxuk]))/

/** Compiles a Java pattern for whole-string matching; throws when it is invalid or uses Java-only syntax. */
export function compileJavaRegex (pattern: string): RegExp {
  const escapesRemoved = pattern.replace(/\\\\/g, '')
  // Possessive quantifiers, atomic groups and class intersections have no JavaScript form.
  if (/[*+?}]\+/.test(escapesRemoved.replace(/\\./g, '')) || escapesRemoved.includes('(?>') || escapesRemoved.includes('&&') || JAVA_ONLY.test(escapesRemoved)) {
    throw new SyntaxError(`Unsupported Java regex construct in ${pattern} (sqs-connect runs patterns on JavaScript's engine: docs/transforms.md)`)
  }
  return new RegExp(`^(?:${pattern})$`)
}

/** Matcher.matches: the match when the whole text matches, else null. */
export function fullMatch (regex: RegExp, text: string): RegExpExecArray | null {
  return regex.exec(text)
}

/** Matcher.replaceFirst on a whole-string match: the replacement with group references filled in. */
export function javaReplacement (match: RegExpExecArray, replacement: string): string {
  let out = ''
  const groupCount = match.length - 1
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!
    if (c === '\\') {
      i++
      if (i >= replacement.length) throw dataError('character to be escaped is missing')
      out += replacement[i]
    } else if (c === '$') {
      i++
      if (i >= replacement.length) throw dataError('Illegal group reference: group index is missing')
      if (replacement[i] === '{') {
        const end = replacement.indexOf('}', i)
        if (end < 0) throw dataError("named capturing group is missing trailing '}'")
        const name = replacement.slice(i + 1, end)
        if (match.groups === undefined || !(name in match.groups)) throw dataError(`No group with name {${name}}`)
        out += match.groups[name] ?? ''
        i = end
      } else {
        let ref = Number(replacement[i])
        if (!Number.isInteger(ref) || replacement[i] === ' ') throw dataError('Illegal group reference')
        if (ref > groupCount) throw dataError(`No group ${ref}`)
        // Java takes more digits while the group number stays valid.
        while (i + 1 < replacement.length && /[0-9]/.test(replacement[i + 1]!) && ref * 10 + Number(replacement[i + 1]) <= groupCount) {
          ref = ref * 10 + Number(replacement[i + 1])
          i++
        }
        out += match[ref] ?? ''
      }
    } else {
      out += c
    }
  }
  return out
}
