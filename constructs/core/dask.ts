import { formatDaskBytes } from './quantity';

/** Ports of the image's runtime contract (images/dask/README.md). */
export const PORTS = {
  schedulerComm: 8786,
  schedulerDashboard: 8787,
  workerComm: 8788,
  workerNanny: 8789,
  workerHttp: 8790,
  jupyter: 8888,
} as const;

/** Where secret files (TLS material, the Jupyter token) are mounted. */
export const SECRETS_DIR = '/etc/dask/tls';
/** Home directory of the image's user (persistent for Jupyter, scratch elsewhere). */
export const HOME_DIR = '/home/dask';
/** Dask worker local directory (spill and scratch). */
export const SCRATCH_DIR = '/scratch';

/** Numeric user and group of the image's `dask` user (non-root, UID >= 10000). */
export const IMAGE_USER = { uid: 10001, gid: 10001 } as const;

/** The TLS role names Dask's configuration knows. */
export type TlsRole = 'scheduler' | 'worker' | 'client';

/** PEM material of one role, signed by the cluster CA. */
export interface RoleCertificate {
  /** CA certificate (PEM). */
  readonly caPem: string;
  /** The role's certificate (PEM). */
  readonly certPem: string;
  /** The role's private key (PEM, sensitive). */
  readonly keyPem: string;
}

/** File names inside {@link SECRETS_DIR}. */
export const SECRET_FILES = { ca: 'ca.crt', cert: 'tls.crt', key: 'tls.key', jupyterToken: 'jupyter-token' } as const;

/** The scheme of Dask addresses: `tls` when certificates are given. */
export function protocol(tls: boolean): 'tls' | 'tcp' {
  return tls ? 'tls' : 'tcp';
}

/** Dask's environment variables that turn on mutual TLS for `role`, or turn it off explicitly. */
export function tlsEnv(role: TlsRole, tls: boolean): Record<string, string> {
  if (!tls) return { DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION: 'False' };
  const key = role.toUpperCase();
  return {
    DASK_DISTRIBUTED__COMM__REQUIRE_ENCRYPTION: 'True',
    DASK_DISTRIBUTED__COMM__TLS__CA_FILE: `${SECRETS_DIR}/${SECRET_FILES.ca}`,
    [`DASK_DISTRIBUTED__COMM__TLS__${key}__CERT`]: `${SECRETS_DIR}/${SECRET_FILES.cert}`,
    [`DASK_DISTRIBUTED__COMM__TLS__${key}__KEY`]: `${SECRETS_DIR}/${SECRET_FILES.key}`,
  };
}

/** The secret files of a role: CA, certificate and key. */
export function tlsFiles(cert: RoleCertificate): Record<string, string> {
  return { [SECRET_FILES.ca]: cert.caPem, [SECRET_FILES.cert]: cert.certPem, [SECRET_FILES.key]: cert.keyPem };
}

/** Arguments of the scheduler process. */
export function schedulerCommand(opts: { tls: boolean; idleTimeout?: string }): string[] {
  return [
    'dask',
    'scheduler',
    '--protocol',
    protocol(opts.tls),
    '--port',
    String(PORTS.schedulerComm),
    '--dashboard-address',
    `:${PORTS.schedulerDashboard}`,
    ...(opts.idleTimeout ? ['--idle-timeout', opts.idleTimeout] : []),
  ];
}

/** Threads per worker when not given: one per whole core, at least one. */
export function defaultThreads(cpu: number): number {
  return Math.max(1, Math.floor(cpu));
}

/** Arguments of one worker process. */
export function workerCommand(opts: {
  schedulerAddress: string;
  tls: boolean;
  nthreads: number;
  memoryLimitBytes: number;
  resources: Record<string, number>;
}): string[] {
  const resources = Object.entries(opts.resources)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, amount]) => `${name}=${amount}`)
    .join(' ');
  return [
    'dask',
    'worker',
    opts.schedulerAddress,
    '--protocol',
    protocol(opts.tls),
    '--worker-port',
    String(PORTS.workerComm),
    '--nanny-port',
    String(PORTS.workerNanny),
    '--dashboard-address',
    `:${PORTS.workerHttp}`,
    '--nthreads',
    String(opts.nthreads),
    '--memory-limit',
    formatDaskBytes(opts.memoryLimitBytes),
    '--local-directory',
    SCRATCH_DIR,
    ...(resources ? ['--resources', resources] : []),
  ];
}
