import { Construct } from 'constructs';
import { ValidationError } from './core/errors';
import { checkCpu, parseMemory } from './core/quantity';
import { checkInteger, checkName, nameFromId } from './core/validation';
import { checkEnv } from './core/props';
import { defaultThreads, HOME_DIR, PORTS, RoleCertificate, SCRATCH_DIR, SECRETS_DIR, tlsEnv, tlsFiles, workerCommand } from './core/dask';
import { IDaskScheduler } from './dask-scheduler';
import { IPlatform, TolerationSpec } from './workload';

/** Sizing and placement of a worker pool (shared by {@link DaskWorkerPoolProps} and `DaskCluster`). */
export interface WorkerPoolOptions {
  /**
   * Number of workers; 0 keeps the pool defined but empty.
   * @default 2
   */
  readonly replicas?: number;
  /**
   * CPU cores per worker container.
   * @default 1
   */
  readonly cpu?: number;
  /**
   * Memory per worker container, e.g. `"4Gi"`; request and limit on Kubernetes.
   * @default "2Gi"
   */
  readonly memory?: string;
  /**
   * Threads per worker (`--nthreads`).
   * @default one per whole core of `cpu`, at least 1
   */
  readonly threadsPerWorker?: number;
  /**
   * Dask's memory limit per worker (`--memory-limit`); at most `memory`.
   * @default equal to `memory`
   */
  readonly memoryLimit?: string;
  /**
   * Abstract Dask resources the workers advertise (`--resources`), e.g. `{ GPU: 1 }`.
   * @default `{ GPU: gpus }` when `gpus` > 0, else none
   */
  readonly resources?: Record<string, number>;
  /**
   * NVIDIA GPUs per worker container.
   * @default 0
   */
  readonly gpus?: number;
  /**
   * Extra environment variables for the workers.
   * @default none
   */
  readonly env?: Record<string, string>;
  /**
   * Node labels the worker pods require (Kubernetes only).
   * @default none (platforms such as GKE may add their own)
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * Taints the worker pods tolerate (Kubernetes only).
   * @default none (platforms such as GKE may add their own)
   */
  readonly tolerations?: TolerationSpec[];
}

/** Props of {@link DaskWorkerPool}. */
export interface DaskWorkerPoolProps extends WorkerPoolOptions {
  /** Where the workers run. */
  readonly platform: IPlatform;
  /** Image reference (from a `ClusterImage`); the same as the scheduler's. */
  readonly image: string;
  /** The scheduler the workers connect to. */
  readonly scheduler: IDaskScheduler;
  /**
   * Pool name, unique within the cluster.
   * @default derived from the construct id
   */
  readonly pool?: string;
  /**
   * Certificate for mutual TLS (required when the scheduler uses TLS).
   * @default none
   */
  readonly certificate?: RoleCertificate;
}

const RESOURCE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A pool of identical `dask worker` processes connected to one scheduler.
 * The worker count is a single value in the synthesized configuration, so
 * 2 and 2000 workers give output of the same size and scaling renames nothing.
 */
export class DaskWorkerPool extends Construct {
  /** Pool name. */
  public readonly pool: string;
  /** Workload name (`<instance>-worker-<pool>`). */
  public readonly name: string;
  /** Number of workers. */
  public readonly replicas: number;
  /** Threads per worker. */
  public readonly threadsPerWorker: number;
  /** Dask memory limit per worker, in bytes. */
  public readonly memoryLimitBytes: number;
  /** GPUs per worker. */
  public readonly gpus: number;

  constructor(scope: Construct, id: string, props: DaskWorkerPoolProps) {
    super(scope, id);
    const field = (prop: string) => `DaskWorkerPool(${id}).${prop}`;
    this.pool = checkName(field('pool'), props.pool ?? nameFromId(id), 20);
    this.name = checkName(field('name'), `${props.scheduler.instance}-worker-${this.pool}`);
    this.replicas = checkInteger(field('replicas'), props.replicas ?? 2, 0);
    const cpu = checkCpu(field('cpu'), props.cpu ?? 1);
    const memoryBytes = parseMemory(field('memory'), props.memory ?? '2Gi');
    this.threadsPerWorker = checkInteger(field('threadsPerWorker'), props.threadsPerWorker ?? defaultThreads(cpu), 1);
    this.memoryLimitBytes = props.memoryLimit === undefined ? memoryBytes : parseMemory(field('memoryLimit'), props.memoryLimit);
    if (this.memoryLimitBytes > memoryBytes) {
      throw new ValidationError(field('memoryLimit'), props.memoryLimit, `must not exceed the container memory (${props.memory ?? '2Gi'})`);
    }
    this.gpus = checkInteger(field('gpus'), props.gpus ?? 0, 0, 16);
    const resources = props.resources ?? (this.gpus > 0 ? { GPU: this.gpus } : {});
    for (const [resource, amount] of Object.entries(resources)) {
      if (!RESOURCE_NAME.test(resource))
        throw new ValidationError(field('resources'), resource, 'expected a resource name ([A-Za-z_][A-Za-z0-9_]*)');
      if (typeof amount !== 'number' || !(amount > 0))
        throw new ValidationError(field(`resources.${resource}`), amount, 'expected a positive number');
    }
    if (this.gpus === 0 && (resources.GPU ?? 0) > 0) {
      throw new ValidationError(
        field('gpus'),
        0,
        `the pool advertises the Dask resource GPU=${resources.GPU} but its containers get no GPU: set gpus`,
      );
    }
    if (props.scheduler.tls && !props.certificate) {
      throw new ValidationError(field('certificate'), undefined, 'the scheduler requires TLS, so the workers need a certificate');
    }
    const env = checkEnv(field('env'), props.env ?? {}, Object.keys(tlsEnv('worker', true)));

    props.platform.addWorkload(this, {
      name: this.name,
      component: 'worker',
      instance: props.scheduler.instance,
      image: props.image,
      command: workerCommand({
        schedulerAddress: props.scheduler.address,
        tls: props.scheduler.tls,
        nthreads: this.threadsPerWorker,
        memoryLimitBytes: this.memoryLimitBytes,
        resources,
      }),
      env: { ...env, ...tlsEnv('worker', props.scheduler.tls) },
      ports: [
        { name: 'comm', port: PORTS.workerComm },
        { name: 'nanny', port: PORTS.workerNanny },
        { name: 'http', port: PORTS.workerHttp },
      ],
      health: { path: '/health', port: PORTS.workerHttp, startupSeconds: 60 },
      resources: { cpu, memoryBytes, gpus: this.gpus },
      replicas: this.replicas,
      addressable: false,
      volumes: [
        { name: 'home', mountPath: HOME_DIR },
        { name: 'scratch', mountPath: SCRATCH_DIR },
      ],
      secretFiles: props.certificate ? { mountPath: SECRETS_DIR, files: tlsFiles(props.certificate) } : undefined,
      ingress: [{ ports: [PORTS.workerComm, PORTS.workerNanny], fromComponents: ['scheduler', 'worker', 'jupyter'] }],
      placement: { nodeSelector: props.nodeSelector, tolerations: props.tolerations },
      terminationGracePeriodSeconds: 60,
    });
  }
}
