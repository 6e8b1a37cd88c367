/** Renders property definitions as a markdown reference (docs/configuration.md is generated from it). */
import { renderValue, type ConfigKey } from './config-def.ts'

export interface DocSection {
  readonly title: string
  readonly intro?: string
  readonly keys: readonly ConfigKey[]
}

function defaultText (key: ConfigKey): string {
  if (key.defaultValue === undefined) return 'none (required)'
  if (key.type === 'PASSWORD') return key.defaultValue === '' ? '"" (not set)' : '[hidden]'
  const text = renderValue(key.type, key.defaultValue)
  if (text === null) return 'null'
  return text === '' ? '"" (empty)' : `\`${text}\``
}

function keyDoc (key: ConfigKey): string {
  const lines = [
    `### \`${key.name}\``,
    '',
    key.documentation,
    '',
    `- Type: ${key.type.toLowerCase()}${key.type === 'PASSWORD' ? ' (shown as [hidden] in validation answers and logs)' : ''}`,
    `- Default: ${defaultText(key)}`
  ]
  if (key.validator !== undefined) lines.push(`- Valid values: ${key.validator.describe}`)
  lines.push(`- Importance: ${key.importance.toLowerCase()}`, '')
  return lines.join('\n')
}

/** Groups keys by their group, in first-seen order. */
export function sectionsByGroup (keys: readonly ConfigKey[]): DocSection[] {
  const sections = new Map<string, ConfigKey[]>()
  for (const key of keys) {
    const group = key.group ?? 'Other'
    sections.set(group, [...(sections.get(group) ?? []), key])
  }
  return [...sections.entries()].map(([title, groupKeys]) => ({ title, keys: groupKeys }))
}

export function renderConfigDocs (title: string, intro: string, sections: readonly DocSection[]): string {
  const parts = [`# ${title}`, '', intro, '']
  for (const section of sections) {
    parts.push(`## ${section.title}`, '')
    if (section.intro !== undefined) parts.push(section.intro, '')
    for (const key of section.keys) parts.push(keyDoc(key))
  }
  return parts.join('\n').replace(/\n+$/, '\n')
}
