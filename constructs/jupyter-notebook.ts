import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { ValidationError } from './core/errors';
import { checkCpu, parseMemory } from './core/quantity';
import { checkName, checkOptionalPort } from './core/validation';
import { checkEnv } from './core/props';
import { HOME_DIR, PORTS, RoleCertificate, SECRET_FILES, SECRETS_DIR, tlsEnv, tlsFiles } from './core/dask';
import { IDaskScheduler } from './dask-scheduler';
import { SecretToken } from './secret-token';
import { IPlatform } from './workload';

/** Sizing, storage and exposure of the notebook server (shared with `DaskCluster`). */
export interface NotebookOptions {
  /**
   * CPU cores for the JupyterLab container.
   * @default 1
   */
  readonly cpu?: number;
  /**
   * Memory for the JupyterLab container.
   * @default "2Gi"
   */
  readonly memory?: string;
  /**
   * Publish JupyterLab on this port of 127.0.0.1 (Docker only).
   * @default not published
   */
  readonly hostPort?: number;
  /**
   * Size of the notebook volume (Kubernetes claims; Docker volumes grow freely).
   * @default "10Gi"
   */
  readonly storageSize?: string;
  /**
   * Storage class of the notebook claim (Kubernetes only).
   * @default the cluster's default storage class
   */
  readonly storageClass?: string;
  /**
   * Use this existing Docker volume or Kubernetes claim for the notebooks
   * instead of creating one; it is never deleted by `destroy`.
   * @default a volume created and owned by the stack
   */
  readonly existingVolume?: string;
  /**
   * Extra environment variables for the notebook server and its kernels.
   * @default none
   */
  readonly env?: Record<string, string>;
}

/** Props of {@link JupyterNotebook}. */
export interface JupyterNotebookProps extends NotebookOptions {
  /** Where JupyterLab runs. */
  readonly platform: IPlatform;
  /** Image reference (from a `ClusterImage`); the same as the scheduler's. */
  readonly image: string;
  /** The scheduler `Client()` connects to without arguments. */
  readonly scheduler: IDaskScheduler;
  /**
   * Workload name.
   * @default `<instance>-jupyter`
   */
  readonly name?: string;
  /**
   * Client certificate for mutual TLS (required when the scheduler uses TLS).
   * @default none
   */
  readonly certificate?: RoleCertificate;
}

/**
 * JupyterLab on port 8888 from the cluster image, with token authentication
 * (a random 48-character token), notebooks on a persistent volume mounted as
 * the home directory, and `Client()` pre-configured: the scheduler address
 * and the client certificate are in the kernels' environment. The Dask
 * dashboard is reachable through Jupyter's authenticated proxy at
 * `/proxy/<scheduler-host>:8787/status`.
 */
export class JupyterNotebook extends Construct {
  /** Workload name. */
  public readonly name: string;
  /** The login token (sensitive). */
  public readonly token: string;
  /** Base URL without the token: on 127.0.0.1 when published, else in-cluster. */
  public readonly baseUrl: string;
  /** URL with the token (sensitive). */
  public readonly url: string;
  /** URL of the Dask dashboard through Jupyter's proxy (needs the token). */
  public readonly dashboardProxyUrl: string;

  constructor(scope: Construct, id: string, props: JupyterNotebookProps) {
    super(scope, id);
    const instance = props.scheduler.instance;
    this.name = checkName('JupyterNotebook.name', props.name ?? `${instance}-jupyter`);
    const cpu = checkCpu('JupyterNotebook.cpu', props.cpu ?? 1);
    const memoryBytes = parseMemory('JupyterNotebook.memory', props.memory ?? '2Gi');
    const hostPort = checkOptionalPort('JupyterNotebook.hostPort', props.hostPort);
    const sizeBytes = parseMemory('JupyterNotebook.storageSize', props.storageSize ?? '10Gi');
    if (props.storageClass !== undefined) checkName('JupyterNotebook.storageClass', props.storageClass, 253);
    if (props.existingVolume !== undefined) checkName('JupyterNotebook.existingVolume', props.existingVolume, 253);
    if (props.scheduler.tls && !props.certificate) {
      throw new ValidationError(
        'JupyterNotebook.certificate',
        undefined,
        'the scheduler requires TLS, so the notebook needs a client certificate',
      );
    }
    const reserved = ['DASK_SCHEDULER_ADDRESS', 'JUPYTER_TOKEN', 'JUPYTER_TOKEN_FILE', ...Object.keys(tlsEnv('client', true))];
    const env = checkEnv('JupyterNotebook.env', props.env ?? {}, reserved);

    this.token = new SecretToken(this, 'token').value;
    const tokenFile = { [SECRET_FILES.jupyterToken]: this.token };
    const host = props.platform.addWorkload(this, {
      name: this.name,
      component: 'jupyter',
      instance,
      image: props.image,
      command: ['jupyter', 'lab'],
      env: {
        ...env,
        ...tlsEnv('client', props.scheduler.tls),
        DASK_SCHEDULER_ADDRESS: props.scheduler.address,
        JUPYTER_TOKEN_FILE: `${SECRETS_DIR}/${SECRET_FILES.jupyterToken}`,
        DASK_CDKTF_PROXY_HOSTS: props.scheduler.host,
        DASK_DISTRIBUTED__DASHBOARD__LINK: '/proxy/{host}:{port}/status',
      },
      ports: [{ name: 'http', port: PORTS.jupyter, hostPort }],
      health: { path: '/api', port: PORTS.jupyter, startupSeconds: 120 },
      resources: { cpu, memoryBytes, gpus: 0 },
      replicas: 1,
      addressable: true,
      volumes: [
        {
          name: 'notebooks',
          mountPath: HOME_DIR,
          persistent: { sizeBytes, storageClass: props.storageClass, existing: props.existingVolume },
        },
      ],
      secretFiles: {
        mountPath: SECRETS_DIR,
        files: props.certificate ? { ...tlsFiles(props.certificate), ...tokenFile } : tokenFile,
      },
      ingress: [{ ports: [PORTS.jupyter], fromComponents: [] }],
      terminationGracePeriodSeconds: 30,
    }).host;
    this.baseUrl = hostPort !== undefined ? `http://127.0.0.1:${hostPort}` : `http://${host}:${PORTS.jupyter}`;
    this.url = Fn.format(`${this.baseUrl}/lab?token=%s`, [this.token]);
    this.dashboardProxyUrl = `${this.baseUrl}/proxy/${props.scheduler.host}:${PORTS.schedulerDashboard}/status`;
  }
}
