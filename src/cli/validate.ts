/**
 * `sqs-connect validate CONNECTOR...`: prints Connect's validation answer (ConfigInfos, as the REST
 * API's config/validate returns it) for each connector file; exit status 1 when any has errors.
 */
import { validateConnectorConfig } from '../runtime/config-validation.ts'
import { loadConfigFile } from '../runtime/config-files.ts'
import { builtInPlugins } from './plugins.ts'

export async function runValidate (files: readonly string[], print: (line: string) => void = console.log): Promise<number> {
  const plugins = builtInPlugins()
  let errors = 0
  for (const file of files) {
    const infos = validateConnectorConfig(plugins, await loadConfigFile(file))
    errors += infos.error_count
    print(JSON.stringify(infos))
  }
  return errors === 0 ? 0 : 1
}
