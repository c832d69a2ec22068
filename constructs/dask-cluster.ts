import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { ValidationError } from './core/errors';
import { checkName, checkUnique, nameFromId } from './core/validation';
import { RoleCertificate } from './core/dask';
import { ClusterImage, IClusterImage } from './cluster-image';
import { CertificateAuthority, ClusterTls } from './cluster-tls';
import { DaskScheduler } from './dask-scheduler';
import { DaskWorkerPool, WorkerPoolOptions } from './dask-worker-pool';
import { JupyterNotebook, NotebookOptions } from './jupyter-notebook';
import { IPlatform } from './workload';

/** Scheduler settings of a {@link DaskCluster}. */
export interface SchedulerOptions {
  /**
   * CPU cores.
   * @default 1
   */
  readonly cpu?: number;
  /**
   * Memory, e.g. `"2Gi"`.
   * @default "2Gi"
   */
  readonly memory?: string;
  /**
   * Shut down after this long without work.
   * @default never
   */
  readonly idleTimeout?: string;
  /**
   * Publish the dashboard on this port of 127.0.0.1 (Docker only).
   * @default not published
   */
  readonly dashboardHostPort?: number;
  /**
   * Publish the comm port on this port of 127.0.0.1 (Docker only).
   * @default not published
   */
  readonly commHostPort?: number;
}

/** A named worker pool of a {@link DaskCluster}. */
export interface NamedWorkerPoolOptions extends WorkerPoolOptions {
  /** Pool name, unique within the cluster (a DNS label of at most 20 characters). */
  readonly name: string;
}

/** Props of {@link DaskCluster}. */
export interface DaskClusterProps {
  /** Where the cluster runs (a `DockerPlatform` or `KubernetesPlatform`). */
  readonly platform: IPlatform;
  /**
   * The image every role runs.
   * @default a `ClusterImage` built from `images/dask` (needs a Docker engine)
   */
  readonly image?: IClusterImage;
  /**
   * Cluster name: prefix of every container, deployment and service.
   * @default derived from the construct id
   */
  readonly name?: string;
  /**
   * Mutual TLS for all Dask traffic. Turning it off is for debugging only and makes synth warn.
   * @default true
   */
  readonly tls?: boolean;
  /**
   * Sign the cluster's certificates with this CA.
   * @default a CA generated for the cluster
   */
  readonly certificateAuthority?: CertificateAuthority;
  /**
   * Scheduler settings.
   * @default 1 CPU, 2Gi, dashboard not published
   */
  readonly scheduler?: SchedulerOptions;
  /**
   * Worker pools.
   * @default one pool named `default` with 2 workers of 1 CPU and 2Gi
   */
  readonly workerPools?: NamedWorkerPoolOptions[];
  /**
   * Run JupyterLab next to the cluster.
   * @default true
   */
  readonly notebookEnabled?: boolean;
  /**
   * JupyterLab settings.
   * @default 1 CPU, 2Gi, a 10Gi notebook volume, not published
   */
  readonly notebook?: NotebookOptions;
}

/**
 * A complete Dask cluster: one image, a scheduler, one or more worker pools
 * and JupyterLab, with mutual TLS between all of them (a generated CA and a
 * certificate per role), a token for Jupyter, and nothing published beyond
 * 127.0.0.1. The easy path: `new DaskCluster(stack, 'dask', { platform })`.
 */
export class DaskCluster extends Construct {
  /** Cluster name. */
  public readonly name: string;
  /** The image all roles run. */
  public readonly image: IClusterImage;
  /** The certificates, unless TLS is turned off. */
  public readonly tls?: ClusterTls;
  /** The scheduler. */
  public readonly scheduler: DaskScheduler;
  /** Worker pools by name. */
  public readonly workerPools: Record<string, DaskWorkerPool>;
  /** JupyterLab, unless disabled. */
  public readonly notebook?: JupyterNotebook;

  constructor(scope: Construct, id: string, props: DaskClusterProps) {
    super(scope, id);
    this.name = checkName('DaskCluster.name', props.name ?? nameFromId(id), 30);
    const pools = props.workerPools ?? [{ name: 'default' }];
    if (pools.length === 0) throw new ValidationError('DaskCluster.workerPools', pools, 'expected at least one worker pool');
    checkUnique(
      'DaskCluster.workerPools[].name',
      pools.map((pool) => pool.name),
      'worker pool names',
    );
    const platform = props.platform;
    this.image = props.image ?? new ClusterImage(this, 'image');

    const tlsEnabled = props.tls ?? true;
    if (tlsEnabled) {
      this.tls = new ClusterTls(this, 'tls', { ca: props.certificateAuthority });
    } else {
      if (props.certificateAuthority) {
        throw new ValidationError('DaskCluster.certificateAuthority', '<given>', 'cannot be combined with `tls: false`');
      }
      Annotations.of(this).addWarning(
        `DaskCluster ${this.name}: TLS is off (tls: false). Dask traffic is unencrypted and any process that reaches the scheduler can use the cluster. Use this for debugging only.`,
      );
    }
    const issue = (id: string, role: 'scheduler' | 'worker' | 'client', dnsNames: string[]): RoleCertificate | undefined =>
      this.tls?.issue(id, role, dnsNames);

    const schedulerName = `${this.name}-scheduler`;
    this.scheduler = new DaskScheduler(this, 'scheduler', {
      ...props.scheduler,
      platform,
      image: this.image.imageRef,
      instance: this.name,
      name: schedulerName,
      certificate: issue('scheduler', 'scheduler', platform.dnsNames(schedulerName)),
    });
    this.workerPools = {};
    for (const pool of pools) {
      const { name, ...options } = pool;
      // One certificate per pool: adding a pool adds resources and changes none of the others.
      this.workerPools[name] = new DaskWorkerPool(this, `workers-${name}`, {
        ...options,
        platform,
        image: this.image.imageRef,
        scheduler: this.scheduler,
        pool: name,
        certificate: issue(`worker-${name}`, 'worker', platform.dnsNames(`${this.name}-worker-${name}`)),
      });
    }
    if (props.notebookEnabled ?? true) {
      const notebookName = `${this.name}-jupyter`;
      this.notebook = new JupyterNotebook(this, 'notebook', {
        ...props.notebook,
        platform,
        image: this.image.imageRef,
        scheduler: this.scheduler,
        name: notebookName,
        certificate: issue('client', 'client', platform.dnsNames(notebookName)),
      });
    } else if (props.notebook) {
      throw new ValidationError('DaskCluster.notebook', '<given>', 'cannot be combined with `notebookEnabled: false`');
    }
  }

  /** Address clients and workers connect to. */
  public get schedulerAddress(): string {
    return this.scheduler.address;
  }

  /** Dask dashboard URL (127.0.0.1 when published). */
  public get dashboardUrl(): string {
    return this.scheduler.dashboardUrl;
  }
}
