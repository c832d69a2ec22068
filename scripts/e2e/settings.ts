import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Cluster name of the suite: prefix of its containers, volumes and network, and
 * the value of their `io.dask-cdktf.instance` label. Distinct from the default
 * `dask`, so the suite never touches a user's own `local` cluster.
 */
export const E2E_NAME = 'dask-e2e';
/** Worker pool of the `local` stack. */
export const POOL = 'default';
/** Label every container and volume of a cluster carries, with the cluster name. */
export const INSTANCE_LABEL = 'io.dask-cdktf.instance';
/** Label of the things the suite itself creates outside the stack (the kept notebook volume). */
export const E2E_LABEL = 'io.dask-cdktf.e2e';
/** The base image make-base-image.sh builds. */
export const LOCAL_BASE_IMAGE = 'dask-cdktf/base:local';

/** Where and how the suite runs; fixed for one run. */
export interface E2eConfig {
  /** The project (where package.json and cdktf.json are). */
  readonly root: string;
  /** Temporary directory of this run: its own state file and cdktf output. */
  readonly work: string;
  /** `cdktf --output` directory, inside {@link work}. */
  readonly outdir: string;
  /** Where Terraform runs for the `local` stack. */
  readonly stackDir: string;
  /** The state file the `local` backend must resolve to (inside {@link work}). */
  readonly stateFile: string;
  /** Every command and its full output. */
  readonly logFile: string;
  readonly name: string;
  readonly jupyterPort: number;
  readonly dashboardPort: number;
  /** `BASE_IMAGE` build argument; undefined keeps the Dockerfile's pinned base. */
  readonly baseImage?: string;
  /** Build {@link LOCAL_BASE_IMAGE} with make-base-image.sh first. */
  readonly makeBaseImage: boolean;
  /** The notebook volume the suite creates itself (`DASK_CDKTF_NOTEBOOK_VOLUME`), which destroy must keep. */
  readonly keptVolume: string;
}

/** The settings that change between deploys. */
export interface StackSettings {
  readonly workers: number;
  readonly imageTag: string;
  /** `DASK_CDKTF_NOTEBOOK_VOLUME`. */
  readonly notebookVolume?: string;
}

/** Names the `local` stack gives to the things it creates (see constructs/docker-platform.ts). */
export function stackNames(name: string) {
  const roles = [`${name}-scheduler`, `${name}-worker-${POOL}`, `${name}-jupyter`];
  return {
    scheduler: `${name}-scheduler`,
    jupyter: `${name}-jupyter`,
    worker: (index: number) => `${name}-worker-${POOL}-${index}`,
    seeds: roles.map((role) => `${role}-secrets-seed`),
    network: name,
    notebookVolume: `${name}-jupyter-notebooks`,
    volumes: [`${name}-jupyter-notebooks`, ...roles.map((role) => `${role}-secrets`)],
  };
}

/**
 * Reads the suite's own settings (`E2E_*`; the stack's `DASK_CDKTF_*` settings
 * of the caller are ignored) and makes the run's temporary directory.
 */
export function loadConfig(root: string, env: NodeJS.ProcessEnv = process.env): E2eConfig {
  const work = mkdtempSync(path.join(os.tmpdir(), 'dask-cdktf-e2e-'));
  const outdir = path.join(work, 'cdktf.out');
  const logFile = path.join(os.tmpdir(), 'dask-cdktf-e2e.log');
  writeFileSync(logFile, `dask-cdktf e2e, ${new Date().toISOString()}\n`);
  const base = env.E2E_BASE_IMAGE?.trim();
  return {
    root,
    work,
    outdir,
    stackDir: path.join(outdir, 'stacks', 'local'),
    stateFile: path.join(work, 'terraform.local.tfstate'),
    logFile,
    name: E2E_NAME,
    jupyterPort: port(env, 'E2E_JUPYTER_PORT', 18888),
    dashboardPort: port(env, 'E2E_DASHBOARD_PORT', 18787),
    baseImage: base === 'pinned' ? undefined : base || LOCAL_BASE_IMAGE,
    makeBaseImage: !base,
    keptVolume: `${E2E_NAME}-kept-notebooks`,
  };
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name]?.trim();
  if (!value) return fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < 1024 || parsed > 65535) throw new Error(`${name}=${value}: expected a port between 1024 and 65535`);
  return parsed;
}

/**
 * The environment of every terraform, cdktf and docker command: the caller's,
 * without its `DASK_CDKTF_*` settings, without a `TF_CLI_CONFIG_FILE` that
 * names a missing file (terraform warns on every call), no colours, no checkpoint calls.
 */
export function baseEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith('DASK_CDKTF_')) result[key] = value;
  }
  if (result.TF_CLI_CONFIG_FILE && !existsSync(result.TF_CLI_CONFIG_FILE)) delete result.TF_CLI_CONFIG_FILE;
  return { ...result, CHECKPOINT_DISABLE: '1', NO_COLOR: '1', FORCE_COLOR: '0', TF_IN_AUTOMATION: '1' };
}

/** The environment of `cdktf synth/deploy/destroy` for `settings`: a small cluster on the suite's own name and ports. */
export function stackEnv(config: E2eConfig, settings: StackSettings): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...baseEnv(),
    DASK_CDKTF_NAME: config.name,
    DASK_CDKTF_WORKERS: String(settings.workers),
    DASK_CDKTF_WORKER_MEMORY: '1Gi',
    DASK_CDKTF_IMAGE_TAG: settings.imageTag,
    DASK_CDKTF_JUPYTER_PORT: String(config.jupyterPort),
    DASK_CDKTF_DASHBOARD_PORT: String(config.dashboardPort),
  };
  if (config.baseImage) env.DASK_CDKTF_BASE_IMAGE = config.baseImage;
  if (settings.notebookVolume) env.DASK_CDKTF_NOTEBOOK_VOLUME = settings.notebookVolume;
  return env;
}

/** One line describing `settings`, for the log. */
export function describeSettings(settings: StackSettings): string {
  const volume = settings.notebookVolume ? `, notebook volume ${settings.notebookVolume}` : '';
  return `${settings.workers} workers of 1Gi, image tag ${settings.imageTag}${volume}`;
}
