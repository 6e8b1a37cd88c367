/**
 * The Helm chart (deploy/helm/sqs-connect) rendered by a real helm (v4, built from the Go module proxy), with
 * default and non-default values, and every rendered object validated by manifest-check: strict decoding into
 * Kubernetes' own API types, KEDA's CRD OpenAPI schemas with the API server's validation and pruning, and
 * KEDA's cluster-free admission rules. Unknown fields fail (shown by mutated manifests).
 */
import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import { ensureHelm } from '../../../infra/k8s-tools.ts'
import { CHART_DIR, renderManifests, staleManifests } from '../../../scripts/render-manifests.ts'
import { check, only, removeScratch, render, renderError, runTool, scratchFile, type K8sObject } from '../support/deploy.ts'

after(removeScratch)

const ROLE = 'arn:aws:iam::123456789012:role/sqs-connect-worker'
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders'

function container (deployment: K8sObject): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  return deployment.spec.template.spec.containers[0]
}

test('helm lint passes with the default values and with KEDA, a Secret and the connector Job', async () => {
  const helm = await ensureHelm()
  const plain = await runTool(helm, ['lint', '--strict', CHART_DIR])
  assert.ok(plain.ok, plain.stdout + plain.stderr)
  const full = await runTool(helm, ['lint', '--strict', CHART_DIR, '--set', `keda.enabled=true,keda.queueURL=${QUEUE},aws.credentials=secret,aws.existingSecret=aws-keys,connector.create=true,connector.config.sqs\\.url=${QUEUE}`])
  assert.ok(full.ok, full.stdout + full.stderr)
  assert.match(full.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/)
})

test('default values: a Deployment of non-root workers with a read-only root, /health probes and the pod IP advertised', async () => {
  const result = await check(await render())
  assert.ok(result.ok, result.problems)
  assert.deepEqual(result.objects.map((o) => o.kind).sort(), ['ConfigMap', 'Deployment', 'PodDisruptionBudget', 'Service', 'ServiceAccount'])
  const deployment = only(result.objects, 'Deployment')
  assert.equal(deployment.spec.replicas, 2)
  const pod = deployment.spec.template.spec
  assert.equal(pod.securityContext.runAsNonRoot, true)
  assert.equal(pod.securityContext.runAsUser, 1000)
  assert.equal(pod.automountServiceAccountToken, false)
  const worker = container(deployment)
  assert.deepEqual(worker.args, ['distributed', '/etc/sqs-connect/worker.properties'])
  assert.deepEqual(worker.securityContext, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } })
  for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) assert.deepEqual(worker[probe].httpGet, { path: '/health', port: 'rest' }, probe)
  assert.deepEqual(worker.ports, [{ name: 'rest', containerPort: 8083, protocol: 'TCP' }])
  assert.deepEqual(worker.env.find((e: { name: string }) => e.name === 'POD_IP'), { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } })
  assert.equal(worker.env.some((e: { name: string }) => e.name.startsWith('AWS_ACCESS')), false, 'IRSA needs no keys')
  // The only writable path is an emptyDir on /tmp.
  const writable = worker.volumeMounts.filter((m: { readOnly?: boolean }) => m.readOnly !== true)
  assert.deepEqual(writable, [{ name: 'tmp', mountPath: '/tmp' }])
  assert.deepEqual(pod.volumes.find((v: { name: string }) => v.name === 'tmp').emptyDir, { sizeLimit: '256Mi' })
  assert.ok(worker.resources.requests.cpu !== undefined && worker.resources.limits.memory !== undefined)

  const properties = only(result.objects, 'ConfigMap').data?.['worker.properties'] ?? ''
  for (const line of ['group.id=sqs-connect', 'config.storage.topic=sqs-connect-configs', 'offset.storage.topic=sqs-connect-offsets',
    'status.storage.topic=sqs-connect-status', 'config.providers=env',
    'config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider',
    'listeners=http://:8083', 'rest.advertised.host.name=${env:POD_IP}', 'rest.advertised.port=8083']) {
    assert.ok(properties.split('\n').map((l) => l.trim()).includes(line), `worker.properties lacks ${line}:\n${properties}`)
  }
  const service = only(result.objects, 'Service')
  assert.deepEqual(service.spec.ports, [{ name: 'rest', port: 8083, targetPort: 'rest', protocol: 'TCP' }])
  assert.equal(only(result.objects, 'PodDisruptionBudget').spec.maxUnavailable, 1)
})

test('non-default values: KEDA with IRSA, a role for KEDA, the connector Job, an image digest and extra worker properties', async () => {
  const values = await scratchFile('values.yaml', [
    'image: { repository: registry.example/sqs-connect, digest: "sha256:' + 'ab'.repeat(32) + '" }',
    `aws: { region: eu-west-1, credentials: irsa, roleArn: "${ROLE}" }`,
    `keda: { enabled: true, queueURL: "${QUEUE}", queueLength: 500, minReplicaCount: 2, maxReplicaCount: 10, roleArn: "arn:aws:iam::123456789012:role/keda-sqs-reader", fallbackReplicas: 3 }`,
    `connector: { create: true, name: orders, config: { connector.class: io.confluent.connect.sqs.source.SqsSourceConnector, tasks.max: "6", kafka.topic: orders, sqs.url: "${QUEUE}" } }`,
    'extraWorker: { group.id: orders-connect, producer.linger.ms: "5" }',
    'resources: { requests: { cpu: "1", memory: 512Mi }, limits: { memory: 1Gi } }'
  ].join('\n') + '\n')
  const result = await check(await render(['--values', values]))
  assert.ok(result.ok, result.problems)
  const deployment = only(result.objects, 'Deployment')
  assert.equal(deployment.spec.replicas, undefined, 'KEDA owns the replica count')
  assert.equal(container(deployment).image, `registry.example/sqs-connect@sha256:${'ab'.repeat(32)}`)
  assert.equal(only(result.objects, 'ServiceAccount').metadata.annotations?.['eks.amazonaws.com/role-arn'], ROLE)

  const scaled = only(result.objects, 'ScaledObject')
  assert.equal(scaled.apiVersion, 'keda.sh/v1alpha1')
  assert.deepEqual(scaled.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name })
  assert.equal(scaled.spec.minReplicaCount, 2)
  assert.equal(scaled.spec.maxReplicaCount, 10)
  assert.equal(scaled.spec.cooldownPeriod, 300)
  assert.deepEqual(scaled.spec.fallback, { failureThreshold: 3, replicas: 3 })
  assert.deepEqual(scaled.spec.triggers, [{
    type: 'aws-sqs-queue',
    authenticationRef: { name: 'sqs-connect' },
    metadata: { queueURL: QUEUE, queueLength: '500', activationQueueLength: '0', awsRegion: 'eu-west-1', scaleOnInFlight: 'true' }
  }])
  assert.deepEqual(scaled.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.policies, [{ type: 'Pods', value: 1, periodSeconds: 120 }])
  assert.deepEqual(only(result.objects, 'TriggerAuthentication').spec, { podIdentity: { provider: 'aws', roleArn: 'arn:aws:iam::123456789012:role/keda-sqs-reader' } })

  const job = only(result.objects, 'Job')
  assert.deepEqual(job.metadata.annotations?.['helm.sh/hook'], 'post-install,post-upgrade')
  assert.deepEqual(container(job).env.find((e: { name: string }) => e.name === 'CONNECT_URL').value, 'http://sqs-connect.sqs-connect.svc:8083')
  const connectorFiles = only(result.objects, 'ConfigMap', 'sqs-connect-connector').data ?? {}
  // Helm merges the given map over the chart's default connector config.
  assert.deepEqual(JSON.parse(connectorFiles['connector.json'] ?? ''), {
    'connector.class': 'io.confluent.connect.sqs.source.SqsSourceConnector', 'tasks.max': '6', 'kafka.topic': 'orders', 'sqs.url': QUEUE, 'sqs.waittime.seconds': '20', 'sqs.messages.max': '10'
  })
  const properties = only(result.objects, 'ConfigMap', 'sqs-connect').data?.['worker.properties'] ?? ''
  assert.match(properties, /^\s*group\.id=orders-connect$/m)
  assert.match(properties, /^\s*producer\.linger\.ms=5$/m)
})

test('KEDA authentication modes: KEDA\'s own identity, the workers\' Secret, the operator', async () => {
  const base = ['--set', `keda.enabled=true,keda.queueURL=${QUEUE}`]
  const own = await check(await render([...base]))
  assert.ok(own.ok, own.problems)
  assert.deepEqual(only(own.objects, 'TriggerAuthentication').spec, { podIdentity: { provider: 'aws', identityOwner: 'keda' } })

  const secret = await check(await render([...base, '--set', 'keda.authentication=secret,aws.credentials=secret,aws.accessKeyId=AKIAEXAMPLE,aws.secretAccessKey=not-a-real-secret']))
  assert.ok(secret.ok, secret.problems)
  assert.deepEqual(only(secret.objects, 'TriggerAuthentication').spec.secretTargetRef.map((r: { parameter: string }) => r.parameter), ['awsAccessKeyID', 'awsSecretAccessKey'])
  const keys = only(secret.objects, 'Secret')
  assert.equal(Buffer.from(keys.data?.AWS_ACCESS_KEY_ID ?? '', 'base64').toString(), 'AKIAEXAMPLE')
  assert.ok(container(only(secret.objects, 'Deployment')).env.some((e: { name: string, valueFrom?: { secretKeyRef?: { name: string } } }) =>
    e.name === 'AWS_SECRET_ACCESS_KEY' && e.valueFrom?.secretKeyRef?.name === keys.metadata.name))

  const operator = await check(await render([...base, '--set', 'keda.authentication=operator']))
  assert.ok(operator.ok, operator.problems)
  assert.equal(operator.objects.some((o) => o.kind === 'TriggerAuthentication'), false)
  assert.equal(only(operator.objects, 'ScaledObject').spec.triggers[0].metadata.identityOwner, 'operator')
})

test('bad values fail rendering with a message naming the value', async () => {
  assert.match(await renderError(['--set', 'aws.credentials=keys']), /aws\.credentials must be irsa, secret or none, not "keys"/)
  assert.match(await renderError(['--set', 'aws.credentials=secret']), /aws\.credentials=secret needs aws\.existingSecret/)
  assert.match(await renderError(['--set', 'keda.enabled=true']), /keda\.enabled needs keda\.queueURL/)
  assert.match(await renderError(['--set', `keda.enabled=true,keda.queueURL=${QUEUE},keda.authentication=secret`]), /keda\.authentication=secret reads the workers' AWS Secret/)
  assert.match(await renderError(['--set', 'worker.listeners=http://:9000']), /worker\.listeners is set by the chart/)
  assert.match(await renderError(['--set', 'connector.create=true']), /connector\.create needs connector\.config\.sqs\.url/)
})

test('the validation rejects unknown fields, wrong types and broken references (mutated renderings)', async () => {
  const good = await render(['--set', `keda.enabled=true,keda.queueURL=${QUEUE}`])
  assert.ok((await check(good)).ok)
  const cases: Array<[string, string | RegExp, string, RegExp]> = [
    ['unknown container field', '          imagePullPolicy: IfNotPresent\n', '          imagePullPolicy: IfNotPresent\n          restartPolicyy: Always\n', /strict decoding error: unknown field "spec\.template\.spec\.containers\[0\]\.restartPolicyy"/],
    ['unknown Service field', '  type: ClusterIP\n', '  type: ClusterIP\n  sessionAffinityy: None\n', /unknown field "spec\.sessionAffinityy"/],
    ['wrong type', /replicas: 2|revisionHistoryLimit: 3/, 'revisionHistoryLimit: three', /revisionHistoryLimit|cannot unmarshal|ReadInt/],
    ['unknown ScaledObject field', '  pollingInterval: 30\n', '  pollingInterval: 30\n  pollingIntervall: 10\n', /ScaledObject\).*unknown field "spec\.pollingIntervall"/],
    ['unknown trigger field', '    - type: aws-sqs-queue\n', '    - type: aws-sqs-queue\n      queueURL: x\n', /unknown field "spec\.triggers\[0\]\.queueURL"/],
    ['unknown podIdentity provider', 'provider: aws', 'provider: aws-irsa', /TriggerAuthentication\).*CRD schema: .*podIdentity\.provider: Unsupported value: "aws-irsa"/],
    ['KEDA replica bounds', 'maxReplicaCount: 6', 'maxReplicaCount: 0', /KEDA: .*MinReplicaCount=1 must be less than MaxReplicaCount=0|KEDA: .*[Mm]ax/],
    ['selector not matching the pods', 'matchLabels:\n      app.kubernetes.io/name: sqs-connect\n      app.kubernetes.io/instance: sqs-connect\n  strategy:', 'matchLabels:\n      app.kubernetes.io/name: other\n      app.kubernetes.io/instance: sqs-connect\n  strategy:', /Deployment\): spec\.selector does not match spec\.template\.metadata\.labels/],
    ['probe on an unknown port', 'port: rest\n            periodSeconds: 10', 'port: http\n            periodSeconds: 10', /readinessProbe port "http" is not a named port/],
    ['ScaledObject target missing', 'scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: sqs-connect\n', 'scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: sqs-connect-old\n', /scales Deployment\/sqs-connect-old, which is not in the file/],
    ['unregistered kind', 'kind: PodDisruptionBudget', 'kind: PodDisruptionBudgett', /no kind "PodDisruptionBudgett" is registered/]
  ]
  for (const [what, from, to, expected] of cases) {
    const changed = good.replace(from, to)
    assert.notEqual(changed, good, `${what}: the mutation matched nothing`)
    const result = await check(changed)
    assert.equal(result.ok, false, `${what}: accepted`)
    assert.match(result.problems, expected, what)
  }
})

test('deploy/kubernetes/ is the chart rendered with deploy/kubernetes/values.yaml, and valid', async () => {
  const rendered = await renderManifests(await ensureHelm())
  assert.deepEqual([...rendered.keys()].sort(), ['connector-job.yaml', 'keda.yaml', 'sqs-connect.yaml'])
  assert.deepEqual(await staleManifests(rendered), [], 'out of date: run npm run deploy:manifests')
  const all = [...rendered.values()].join('')
  const result = await check(all)
  assert.ok(result.ok, result.problems)
  assert.deepEqual(result.objects.map((o) => o.kind).sort(),
    ['ConfigMap', 'ConfigMap', 'Deployment', 'Job', 'PodDisruptionBudget', 'ScaledObject', 'Service', 'ServiceAccount', 'TriggerAuthentication'])
  assert.deepEqual([...(rendered.get('keda.yaml') ?? '').matchAll(/^kind: (\w+)$/gm)].map((m) => m[1]), ['ScaledObject', 'TriggerAuthentication'])
})
