/**
 * AWS SDK for Java credential provider class names, as Confluent users write them in
 * sqs.credentials.provider.class, mapped to the credential source that does the same in Node.js.
 */
import type { SdkSource } from './sdk-providers.ts'

const V1 = 'com.amazonaws.auth.'
const V2 = 'software.amazon.awssdk.auth.credentials.'
/** Confluent's documentation spells the v1 package this way; accepted as a synonym. */
const V1_AS_DOCUMENTED = 'com.amazon.auth.'

/** Java class names that have a Node.js equivalent. */
export const MAPPED_JAVA_CLASSES: Readonly<Record<string, SdkSource>> = {
  [`${V1}DefaultAWSCredentialsProviderChain`]: 'default-chain',
  [`${V1}EnvironmentVariableCredentialsProvider`]: 'environment',
  [`${V1}profile.ProfileCredentialsProvider`]: 'profile',
  [`${V1}ContainerCredentialsProvider`]: 'container',
  [`${V1}EC2ContainerCredentialsProviderWrapper`]: 'container-or-instance',
  [`${V1}InstanceProfileCredentialsProvider`]: 'instance',
  [`${V1}WebIdentityTokenCredentialsProvider`]: 'web-identity',
  [`${V2}DefaultCredentialsProvider`]: 'default-chain',
  [`${V2}EnvironmentVariableCredentialsProvider`]: 'environment-sdk',
  [`${V2}ProfileCredentialsProvider`]: 'profile',
  [`${V2}ContainerCredentialsProvider`]: 'container',
  [`${V2}InstanceProfileCredentialsProvider`]: 'instance',
  [`${V2}WebIdentityTokenFileCredentialsProvider`]: 'web-identity'
}

const SYSTEM_PROPERTIES = 'Java system properties (aws.accessKeyId, aws.secretKey) do not exist in Node.js: ' +
  'set the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or aws.access.key.id and aws.secret.key.id'
const STATIC = 'this class takes its keys in Java code: set aws.access.key.id and aws.secret.key.id instead'
const ANONYMOUS = 'SQS accepts only signed requests, so anonymous credentials cannot read a queue'
const PROPERTIES_FILE = 'this class reads a Java properties file: put the keys in a shared credentials file (~/.aws/credentials) or use a JavaScript module'
const NEEDS_CODE = 'this class is configured in Java code: use a profile in ~/.aws/config (role_arn + source_profile, credential_process) or a JavaScript module'

/** Java class names that exist but cannot work here, with what to do instead. */
export const UNAVAILABLE_JAVA_CLASSES: Readonly<Record<string, string>> = {
  [`${V1}SystemPropertiesCredentialsProvider`]: SYSTEM_PROPERTIES,
  [`${V2}SystemPropertyCredentialsProvider`]: SYSTEM_PROPERTIES,
  [`${V1}AWSStaticCredentialsProvider`]: STATIC,
  [`${V2}StaticCredentialsProvider`]: STATIC,
  [`${V1}AnonymousAWSCredentials`]: ANONYMOUS,
  [`${V2}AnonymousCredentialsProvider`]: ANONYMOUS,
  [`${V1}ClasspathPropertiesFileCredentialsProvider`]: PROPERTIES_FILE,
  [`${V1}PropertiesFileCredentialsProvider`]: PROPERTIES_FILE,
  [`${V1}STSAssumeRoleSessionCredentialsProvider`]: NEEDS_CODE,
  [`${V1}ProcessCredentialsProvider`]: NEEDS_CODE,
  [`${V2}ProcessCredentialsProvider`]: NEEDS_CODE
}

export type JavaClassLookup =
  | { readonly kind: 'mapped', readonly source: SdkSource }
  | { readonly kind: 'unavailable', readonly reason: string }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'not-java' }

// a.b.C or a.b.C$Inner: lower-case package segments, a class name; npm package names cannot look like this.
const JAVA_CLASS_NAME = /^(?:[a-z_][a-z0-9_]*\.)+[A-Z][A-Za-z0-9_]*(?:\$[A-Za-z0-9_]+)*$/

/** Finds what a value of sqs.credentials.provider.class means when it is a Java class name. */
export function lookUpJavaClass (value: string): JavaClassLookup {
  const name = value.startsWith(V1_AS_DOCUMENTED) ? V1 + value.slice(V1_AS_DOCUMENTED.length) : value
  const source = MAPPED_JAVA_CLASSES[name]
  if (source !== undefined) return { kind: 'mapped', source }
  const reason = UNAVAILABLE_JAVA_CLASSES[name]
  if (reason !== undefined) return { kind: 'unavailable', reason }
  return JAVA_CLASS_NAME.test(value) ? { kind: 'unknown' } : { kind: 'not-java' }
}
