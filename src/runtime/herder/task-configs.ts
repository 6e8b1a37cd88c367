/** Task configs as Connect shows and stores them. */

/**
 * Connect's reverse transform: a task config holds resolved values, but wherever the connector's submitted config
 * used a variable (`${provider:path:key}`), the variable is shown instead, so GET .../tasks never reveals a secret
 * that came from a config provider.
 */
export function rawTaskConfig (taskConfig: Readonly<Record<string, string>>, rawConnectorConfig: Readonly<Record<string, string>>): Record<string, string> {
  const shown: Record<string, string> = {}
  for (const [key, value] of Object.entries(taskConfig)) {
    const raw = rawConnectorConfig[key]
    shown[key] = raw !== undefined && raw.includes('${') ? raw : value
  }
  return shown
}
