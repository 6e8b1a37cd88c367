/**
 * The tools that check the deployment files (deploy/): Helm (helm.sh/helm/v4, built from the Go module proxy)
 * and manifest-check (infra/go/manifest-check: Kubernetes' API types, KEDA's CRD schemas checked with the API
 * server's code, and BuildKit's Dockerfile parser). Both are built once into the shared download cache; manifest-check again
 * whenever its source changes (its cache folder is named by a hash of the source).
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { findGo, runGo } from './go-tool.ts'
import { installOnce } from './install-lock.ts'
import { cacheDir, projectRoot } from './paths.ts'

/** The pinned Helm release. */
export const HELM_VERSION = '4.3.2'
const HELM_MODULE = 'helm.sh/helm/v4'
const INSTALL_WAIT_MS = 20 * 60_000

const helmHome = join(cacheDir, `helm-${HELM_VERSION}`)
const helmBinary = join(helmHome, 'bin', 'helm')
const helmMarker = join(helmHome, '.complete')

/** Returns the helm binary, building it on first use (`go install`, a few minutes on 2 cores). */
export const ensureHelm = installOnce({
  what: 'helm',
  lockFile: join(cacheDir, `helm-${HELM_VERSION}.lock`),
  waitMs: INSTALL_WAIT_MS,
  installed: () => existsSync(helmMarker) && existsSync(helmBinary),
  install: installHelm,
  result: helmBinary
})

async function installHelm (): Promise<void> {
  const go = await findGo('Helm (which renders the chart in the deployment tests) is built from source')
  await rm(helmHome, { recursive: true, force: true })
  const bin = join(helmHome, 'bin')
  await mkdir(bin, { recursive: true })
  await runGo(go, ['install', `${HELM_MODULE}/cmd/helm@v${HELM_VERSION}`], { cwd: helmHome, what: `helm v${HELM_VERSION}`, env: { GOBIN: bin } })
  await writeFile(helmMarker, `${HELM_MODULE}@v${HELM_VERSION} built ${new Date().toISOString()}\n`)
}

const checkSource = join(projectRoot, 'infra', 'go', 'manifest-check')
/** KEDA's release whose CRDs (config/crd/bases in its Go module) are the schemas of its objects. */
export const KEDA_VERSION = '2.21.0'
const KEDA_MODULE = 'github.com/kedacore/keda/v2'
const KEDA_CRDS = ['keda.sh_scaledobjects.yaml', 'keda.sh_triggerauthentications.yaml', 'keda.sh_clustertriggerauthentications.yaml']

export interface ManifestCheck {
  /** The manifest-check binary. */
  readonly binary: string
  /** KEDA's CustomResourceDefinitions, for `manifest-check k8s --crds`. */
  readonly crdDir: string
}

async function sourceHash (): Promise<string> {
  const hash = createHash('sha256')
  const files = (await readdir(checkSource)).filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum').sort()
  for (const file of files) hash.update(file).update('\0').update(await readFile(join(checkSource, file))).update('\0')
  return hash.digest('hex').slice(0, 12)
}

let manifestCheck: Promise<ManifestCheck> | undefined

/** Returns manifest-check and KEDA's CRDs, building them when the source changed (about a minute warm). */
export async function ensureManifestCheck (): Promise<ManifestCheck> {
  manifestCheck ??= (async () => {
    const home = join(cacheDir, `manifest-check-${await sourceHash()}`)
    const result = { binary: join(home, 'bin', 'manifest-check'), crdDir: join(home, 'crds') }
    const marker = join(home, '.complete')
    return await installOnce({
      what: 'manifest-check',
      lockFile: `${home}.lock`,
      waitMs: INSTALL_WAIT_MS,
      installed: () => existsSync(marker) && existsSync(result.binary),
      install: async () => { await buildManifestCheck(home, result); await writeFile(marker, `built ${new Date().toISOString()}\n`) },
      result
    })()
  })()
  manifestCheck.catch(() => { manifestCheck = undefined })
  return await manifestCheck
}

async function buildManifestCheck (home: string, result: ManifestCheck): Promise<void> {
  const go = await findGo('manifest-check (which validates the deployment files) is built from source')
  await rm(home, { recursive: true, force: true })
  await mkdir(result.crdDir, { recursive: true })
  await runGo(go, ['build', '-o', result.binary, '.'], { cwd: checkSource, what: 'manifest-check' })
  // Outside the module: a download by exact version that leaves go.mod and go.sum alone.
  const listed = await runGo(go, ['mod', 'download', '-json', `${KEDA_MODULE}@v${KEDA_VERSION}`], { cwd: home, what: `KEDA v${KEDA_VERSION} CRDs` })
  const { Dir: kedaDir } = JSON.parse(listed) as { Dir: string }
  for (const crd of KEDA_CRDS) await copyFile(join(kedaDir, 'config', 'crd', 'bases', crd), join(result.crdDir, crd))
}

/** Builds Helm and manifest-check (once) so the deployment tests need nothing from the network. */
export async function provisionK8sTools (): Promise<void> {
  await ensureHelm()
  await ensureManifestCheck()
}
