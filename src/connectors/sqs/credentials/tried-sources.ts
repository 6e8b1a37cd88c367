/**
 * What a credential source looked at, in words, for the error when it found nothing. Names of variables,
 * files and endpoints only: never a value that could be a secret.
 */
import { homedir } from 'node:os'
import { join } from 'node:path'
import { containerCredentialsConfigured, instanceMetadataDisabled } from './sdk-providers.ts'
import type { CredentialSource } from './types.ts'

type Env = NodeJS.ProcessEnv

const isSet = (env: Env, name: string): boolean => (env[name] ?? '') !== ''
const state = (env: Env, ...names: string[]): string => names.map((n) => `${n} ${isSet(env, n) ? 'set' : 'not set'}`).join(', ')

function environment (env: Env, withAliases: boolean, skippedForProfile = false): string {
  const aliases = withAliases ? `; aliases ${state(env, 'AWS_ACCESS_KEY', 'AWS_SECRET_KEY')}` : ''
  const skipped = skippedForProfile && isSet(env, 'AWS_PROFILE') ? '; skipped because AWS_PROFILE is set' : ''
  return `environment variables (${state(env, 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY')}${aliases}${skipped})`
}

function sharedFiles (env: Env): string {
  const home = env.HOME ?? env.USERPROFILE ?? homedir()
  const credentials = env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, '.aws', 'credentials')
  const config = env.AWS_CONFIG_FILE ?? join(home, '.aws', 'config')
  return `profile "${env.AWS_PROFILE ?? 'default'}" in ${credentials} and ${config} (static keys, role_arn, sso_session, credential_process, web_identity_token_file)`
}

const webIdentity = (env: Env): string => `web identity (${state(env, 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN')})`

const container = (env: Env): string =>
  `container credentials (${state(env, 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI')})`

function instance (env: Env): string {
  if (instanceMetadataDisabled(env)) return 'EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)'
  return `EC2 instance metadata at ${env.AWS_EC2_METADATA_SERVICE_ENDPOINT ?? 'http://169.254.169.254'}`
}

function remote (env: Env): string {
  return containerCredentialsConfigured(env) ? container(env) : `${container(env)}, then ${instance(env)}`
}

/** The places a source looked, in its order. */
export function triedSources (source: CredentialSource, label: string, env: Env = process.env): string[] {
  switch (source) {
    case 'default-chain': return [environment(env, true, true), sharedFiles(env), webIdentity(env), remote(env)]
    case 'environment': return [environment(env, true)]
    case 'environment-sdk': return [environment(env, false)]
    case 'profile': return [sharedFiles(env)]
    case 'container': return [container(env)]
    case 'container-or-instance': return [remote(env)]
    case 'instance': return [instance(env)]
    case 'web-identity': return [webIdentity(env)]
    case 'module': return [`the provider returned by the module ${label}`]
  }
}

/** What to set to give the connector credentials. */
export const WHAT_TO_SET = 'Set aws.access.key.id and aws.secret.key.id, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, ' +
  'or create ~/.aws/credentials (AWS_PROFILE picks a profile), or run where a role is available ' +
  '(EKS web identity, ECS/EKS container credentials, an EC2 instance profile). See docs/credentials.md'
